package io.grid.routes.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * A complete, plain upstream response that {@link UpstreamResponseDecoder} read in one piece: its head
 * already cleaned for the client (hop-by-hop headers dropped, the status line rewritten to HTTP/1.1, no
 * terminating empty line yet, so that the proxy can add its own Connection header) and its body, framed
 * by the Content-Length header that the head keeps. The proxy writes both as they are, without decoding
 * and re-encoding every header.
 */
final class WholeResponse extends AbstractReferenceCounted {

    private final int status;
    private final boolean keepAlive;
    private final ByteBuf head;
    private final ByteBuf body;

    WholeResponse(int status, boolean keepAlive, ByteBuf head, ByteBuf body) {
        this.status = status;
        this.keepAlive = keepAlive;
        this.head = head;
        this.body = body;
    }

    /** The status code (200 to 599, never 204 or 304: those take the decoder's path). */
    int status() {
        return status;
    }

    /** True when the app will take another request on this connection. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** The status line and the header lines for the client, each ending in CRLF, without the empty line. */
    ByteBuf head() {
        return head;
    }

    /** The whole body, exactly Content-Length bytes. */
    ByteBuf body() {
        return body;
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        head.touch(hint);
        body.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        head.release();
        body.release();
    }
}
