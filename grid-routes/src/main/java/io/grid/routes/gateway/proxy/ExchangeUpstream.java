package io.grid.routes.gateway.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayDeque;

/**
 * The upstream side of a client connection's current exchange: the connection to the order's entrance (pooled or
 * new), the request head going there, the body parts that arrived before the connection did, the pending flush,
 * and whether the connection may go back to the pool afterwards. One instance per client connection, begun again
 * for each request, used on the connection's I/O thread only.
 */
final class ExchangeUpstream {

    private final UpstreamPool pool;
    /** Body parts that arrived before the upstream connection; reused across exchanges. */
    private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>(4);
    private UpstreamConnection connection;
    private Entrance entrance;
    private HttpRequest request;
    private boolean reused;
    private boolean retried;
    private boolean reusable;
    private boolean flushPending;

    ExchangeUpstream(UpstreamPool pool) {
        this.pool = pool;
    }

    /** A new exchange: no connection yet, nothing held. */
    void begin() {
        connection = null;
        reused = false;
        retried = false;
        reusable = true;
        releaseUnsent();
    }

    /** The request to send and where: set once the request is admitted. */
    void aim(Entrance target, HttpRequest forwarded) {
        this.entrance = target;
        this.request = forwarded;
    }

    Entrance entrance() {
        return entrance;
    }

    /** An idle pooled connection to the entrance, or null. */
    UpstreamConnection acquirePooled() {
        UpstreamConnection pooled = pool.acquire(entrance);
        if (pooled != null) {
            reused = true;
        }
        return pooled;
    }

    /** Opens a new connection to the entrance. */
    ChannelFuture connect() {
        return pool.connect(entrance);
    }

    /** Takes {@code upstream} for this exchange and writes the request head and any held body parts to it. */
    void attach(UpstreamConnection upstream, ClientExchange client, boolean head) {
        connection = upstream;
        upstream.attach(client);
        upstream.expectResponseTo(head);
        write(request);
        HttpContent content;
        while ((content = unsent.poll()) != null) {
            write(content);
        }
    }

    boolean attached() {
        return connection != null;
    }

    /** True when {@code from} is this exchange's connection (a message from another is stale). */
    boolean is(UpstreamConnection from) {
        return from == connection;
    }

    UpstreamConnection connection() {
        return connection;
    }

    /** Holds a body part until the connection is there. */
    void hold(HttpContent content) {
        unsent.add(content);
    }

    void write(Object msg) {
        connection.channel().write(msg, connection.channel().voidPromise());
        flushPending = true;
    }

    void flush() {
        if (flushPending && connection != null) {
            flushPending = false;
            connection.channel().flush();
        }
    }

    /** True when there is a connection that can take more bytes now. */
    boolean writable() {
        return connection != null && connection.channel().isWritable();
    }

    /** Stops or resumes reading the app's response (the client's side of back-pressure). */
    void autoRead(boolean read) {
        connection.channel().config().setAutoRead(read);
    }

    /** Whether the connection may go back to the pool after this response (from its framing). */
    void reusable(boolean mayReuse) {
        reusable = mayReuse;
    }

    void notReusable() {
        reusable = false;
    }

    /** True when a pooled connection closed before answering may be replaced once by a fresh one. */
    boolean mayRetry(boolean requestHasBody) {
        return reused && !requestHasBody && !retried;
    }

    /** Forgets the connection the app closed, for one retry on a fresh one. */
    void retrying() {
        retried = true;
        reused = false;
        connection = null;
    }

    boolean reused() {
        return reused;
    }

    /** Forgets the connection without closing it (it closed itself). */
    void forget() {
        connection = null;
    }

    /** Closes the connection, if any: the exchange failed or the client went away. */
    void close() {
        UpstreamConnection closed = connection;
        connection = null;
        if (closed != null) {
            closed.attach(null);
            closed.channel().close();
        }
    }

    /** The exchange is complete: the connection goes back to the pool when it may, else it closes. */
    void finish() {
        UpstreamConnection done = connection;
        connection = null;
        request = null;
        if (done != null) {
            if (reusable && done.channel().isActive()) {
                pool.release(done);
            } else {
                done.attach(null);
                done.channel().close();
            }
        }
    }

    void releaseUnsent() {
        HttpContent content;
        while ((content = unsent.poll()) != null) {
            content.release();
        }
    }
}
