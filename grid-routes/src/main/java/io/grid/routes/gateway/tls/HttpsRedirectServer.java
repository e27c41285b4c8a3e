package io.grid.routes.gateway.tls;

import io.grid.core.log.LogEvent;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain-HTTP port that serves nothing but a redirect: every request gets {@code 308 Permanent Redirect} to the
 * same host and path over HTTPS (the method and body are kept by the client, so a POST is never turned into a
 * GET), then the connection closes. A request without a usable {@code Host} gets 400.
 */
public class HttpsRedirectServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsRedirectServer.class);
    /** A host name or IPv4 address, or a bracketed IPv6 address, then an optional port. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private final int httpsPort;
    private EventLoopGroup group;
    private Channel serverChannel;

    /** @param httpsPort the port the redirects name; 443 is left out of the URL */
    public HttpsRedirectServer(int httpsPort) {
        if (httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("httpsPort must be a TCP port: " + httpsPort);
        }
        this.httpsPort = httpsPort;
    }

    /** Binds and starts answering; port 0 picks a free port, see {@link #port()}. */
    public synchronized void start(InetSocketAddress address) {
        if (serverChannel != null) {
            throw new IllegalStateException("the redirect port is already started");
        }
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("grid-https-redirect"));
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new Redirect());
                    }
                });
        try {
            serverChannel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
            throw new IllegalStateException("cannot listen on " + address, e);
        }
        LogEvent.info(LOG, "https_redirect_listening").with("address", serverChannel.localAddress())
                .with("httpsPort", httpsPort).log();
    }

    /** The port it listens on. */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("the redirect port is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }

    /** Where a request for {@code hostHeader} and {@code uri} goes over HTTPS, or null when the host is unusable. */
    String location(String hostHeader, String uri) {
        if (hostHeader == null) {
            return null;
        }
        Matcher host = HOST.matcher(hostHeader.trim());
        if (!host.matches()) {
            return null;
        }
        String path = uri.startsWith("/") ? uri : "/";
        return "https://" + host.group(1).toLowerCase(Locale.ROOT) + (httpsPort == 443 ? "" : ":" + httpsPort) + path;
    }

    private final class Redirect extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    String location = request.decoderResult().isSuccess()
                            ? location(request.headers().get(HttpHeaderNames.HOST), request.uri()) : null;
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            location == null ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.PERMANENT_REDIRECT);
                    if (location != null) {
                        response.headers().set(HttpHeaderNames.LOCATION, location);
                    }
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0)
                            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
