package io.grid.routes.gateway.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to entrances, owned by one I/O thread. Each client connection takes its
 * upstream connections from the pool of its own thread, so a request never changes threads and the
 * pool needs no locks.
 */
final class UpstreamPool {

    private final EventLoop loop;
    private final Class<? extends Channel> channelType;
    private final ProxySettings settings;
    private final long idleNanos;
    private final Map<Entrance, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();

    UpstreamPool(EventLoop loop, Class<? extends Channel> channelType, ProxySettings settings) {
        this.loop = loop;
        this.channelType = channelType;
        this.settings = settings;
        this.idleNanos = settings.idleConnectionTimeout().toNanos();
        long sweepMillis = Math.max(1, settings.idleConnectionTimeout().toMillis() / 2);
        loop.scheduleAtFixedRate(this::closeExpired, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** The most recently used open connection to {@code entrance}, or null. */
    UpstreamConnection acquire(Entrance entrance) {
        ArrayDeque<UpstreamConnection> connections = idle.get(entrance);
        if (connections == null) {
            return null;
        }
        long now = System.nanoTime();
        UpstreamConnection connection;
        while ((connection = connections.pollLast()) != null) {
            if (connection.channel().isActive() && now - connection.idleSince() < idleNanos) {
                return connection;
            }
            connection.channel().close();
        }
        return null;
    }

    /** Opens a new connection to {@code entrance} on this pool's thread. */
    ChannelFuture connect(Entrance entrance) {
        UpstreamPool pool = this;
        return new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        UpstreamResponseDecoder decoder = new UpstreamResponseDecoder(settings.cookieName(), 4096,
                                16 * 1024, 64 * 1024);
                        UpstreamConnection connection = new UpstreamConnection(entrance, pool, decoder);
                        ch.pipeline().addLast(new ForwardingRequestEncoder(connection), decoder, connection);
                    }
                })
                .connect(entrance.host(), entrance.port());
    }

    /** Keeps {@code connection} for the next request to its entrance, or closes it when the pool is full. */
    void release(UpstreamConnection connection) {
        if (!connection.channel().isActive()) {
            return;
        }
        ArrayDeque<UpstreamConnection> connections = idle.computeIfAbsent(connection.entrance(),
                key -> new ArrayDeque<>());
        if (connections.size() >= settings.maxIdleConnectionsPerEntrance()) {
            connection.channel().close();
            return;
        }
        connection.detach(System.nanoTime());
        connections.addLast(connection);
    }

    /** An idle connection closed by the app: drop it. */
    void forget(UpstreamConnection connection) {
        ArrayDeque<UpstreamConnection> connections = idle.get(connection.entrance());
        if (connections != null) {
            connections.remove(connection);
            if (connections.isEmpty()) {
                idle.remove(connection.entrance());
            }
        }
    }

    private void closeExpired() {
        long now = System.nanoTime();
        Iterator<ArrayDeque<UpstreamConnection>> entries = idle.values().iterator();
        while (entries.hasNext()) {
            ArrayDeque<UpstreamConnection> connections = entries.next();
            // Oldest first: stop at the first one still fresh.
            while (!connections.isEmpty() && now - connections.peekFirst().idleSince() >= idleNanos) {
                connections.pollFirst().channel().close();
            }
            if (connections.isEmpty()) {
                entries.remove();
            }
        }
    }
}
