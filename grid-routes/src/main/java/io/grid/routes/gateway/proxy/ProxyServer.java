package io.grid.routes.gateway.proxy;

import io.grid.core.log.LogEvent;
import io.grid.routes.gateway.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider gateway's reverse proxy: {@code /orders/{id}/app/**} (or, with a wildcard domain,
 * host {@code {id}.apps.<domain>}) goes to the order's entrance, as decided by {@link ProxyAccess}.
 * Anything else gets a 404 problem. Plain Netty, epoll when the platform has it. With a {@link ServerTls}, it
 * serves HTTPS only (SNI, certificates reloaded from their files, TLS 1.2+) and tells apps
 * {@code X-Forwarded-Proto: https}.
 *
 * <pre>{@code
 * try (ProxyServer proxy = new ProxyServer(ProxySettings.defaults("grid"), access)) {
 *     proxy.start(new InetSocketAddress("0.0.0.0", 8443));
 *     ...
 * }
 * }</pre>
 */
public class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
    /** Above this many unsent bytes a side stops reading the other; below the low mark it reads again. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final ProxySettings settings;
    private final ProxyAccess access;
    private final Clock clock;
    private final ServerTls tls;
    private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    /** A proxy that reads the time from the system clock. */
    public ProxyServer(ProxySettings settings, ProxyAccess access) {
        this(settings, access, Clock.systemUTC());
    }

    /** A proxy that passes {@code clock}'s time to {@link ProxyAccess#decide}. */
    public ProxyServer(ProxySettings settings, ProxyAccess access, Clock clock) {
        this(settings, access, clock, null);
    }

    /**
     * A proxy that passes {@code clock}'s time to {@link ProxyAccess#decide} and, when {@code tls} is not null,
     * serves HTTPS only with it.
     */
    public ProxyServer(ProxySettings settings, ProxyAccess access, Clock clock, ServerTls tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.access = Objects.requireNonNull(access, "access");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tls = tls;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen; port 0 picks a free port, see {@link #port()}
     * @throws IllegalStateException when already started or the address cannot be bound
     */
    public synchronized void start(InetSocketAddress address) {
        if (serverChannel != null) {
            throw new IllegalStateException("the proxy is already started");
        }
        boolean epoll = Epoll.isAvailable();
        bossGroup = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("grid-proxy-accept"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("grid-proxy-accept"));
        DefaultThreadFactory workers = new DefaultThreadFactory("grid-proxy-io");
        // One I/O thread per processor: a request never leaves its thread, so more threads only add switching.
        int threads = settings.workerThreads() > 0 ? settings.workerThreads()
                : Runtime.getRuntime().availableProcessors();
        workerGroup = epoll ? new EpollEventLoopGroup(threads, workers) : new NioEventLoopGroup(threads, workers);
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        UpstreamPool pool = pools.computeIfAbsent(ch.eventLoop(),
                                loop -> new UpstreamPool(loop, clientType, settings));
                        ClientResponseEncoder encoder = new ClientResponseEncoder();
                        if (tls != null) {
                            ch.pipeline().addLast(ServerTls.HANDLER_NAME, tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new RequestFraming.Decoder(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024)
                                        .setMaxChunkSize(64 * 1024)),
                                encoder, new ClientExchange(settings, access, clock, pool, encoder));
                    }
                });
        try {
            serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IllegalStateException("cannot listen on " + address, e);
        }
        LogEvent.info(LOG, "proxy_listening").with("address", serverChannel.localAddress())
                .with("transport", epoll ? "epoll" : "nio").with("scheme", tls != null ? "https" : "http").log();
    }

    /** The port the proxy listens on. */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("the proxy is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening and closes every client and upstream connection. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup = null;
        }
        pools.clear();
    }
}
