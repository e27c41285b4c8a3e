package io.grid.routes.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes the app's response to the client: the head as this hop frames it, the body parts, and whole responses
 * read without Netty's decoder. Writes are flushed once per read from the app (or at a response's end), not per
 * part. One instance per client connection, on its I/O thread.
 */
final class ResponseRelay {

    private static final byte[] CONNECTION_CLOSE = "connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE = "connection: keep-alive\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';

    private final String cookieName;
    private ChannelHandlerContext ctx;
    /** The encoder's context: a {@link WholeResponse}, already encoded, is written from there, past the encoder. */
    private ChannelHandlerContext encoderContext;
    private boolean flushPending;

    /** @param cookieName the gateway's cookie, which an app may never set */
    ResponseRelay(String cookieName) {
        this.cookieName = cookieName;
    }

    void bind(ChannelHandlerContext context, ChannelHandlerContext encoder) {
        this.ctx = context;
        this.encoderContext = encoder;
    }

    /**
     * Makes an app's response head this hop's: hop-by-hop fields and the gateway's cookie removed, chunked framing
     * for a body of unknown length to an HTTP/1.1 client, and the Connection field the client needs.
     *
     * @param mayHaveBody true unless the response answers a HEAD or is a 204 or 304
     * @param close       true when the client connection closes after this response
     * @param http11      true when the client speaks HTTP/1.1
     */
    void frameHead(HttpResponse response, boolean mayHaveBody, long contentLength, boolean close, boolean http11) {
        HttpHeaders headers = response.headers();
        HopByHopHeaders.strip(headers, false);
        GatewayCookie.removeFromResponse(headers, cookieName);
        // A Content-Length passes unchanged (the decoder validated it); only a body without one is re-framed.
        if (contentLength < 0 && mayHaveBody && http11) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!http11) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** Makes a WebSocket 101 this hop's: its Upgrade and Connection fields stay. */
    void frameUpgrade(HttpResponse response) {
        HopByHopHeaders.strip(response.headers(), true);
        GatewayCookie.removeFromResponse(response.headers(), cookieName);
    }

    void head(HttpResponse response) {
        ctx.write(response, ctx.voidPromise());
        flushPending = true;
    }

    /**
     * Writes a whole, plain response read without Netty's decoder: its head already lacks the hop-by-hop headers,
     * keeps its Content-Length and never sets the gateway's cookie, so only the Connection header and the empty
     * line remain to add. Written past the encoder, which stays between messages. Releases {@code response}.
     */
    void whole(WholeResponse response, boolean close, boolean http11) {
        ByteBuf head = response.head().retain();
        ByteBuf body = response.body().retain();
        response.release();
        if (close) {
            head.writeBytes(CONNECTION_CLOSE);
        } else if (!http11) {
            head.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        head.writeShort(CRLF);
        encoderContext.write(head, encoderContext.voidPromise());
        encoderContext.write(body, encoderContext.voidPromise());
        ctx.flush();
        flushPending = false;
    }

    /** Writes a body part; the last is flushed at once. */
    void content(HttpContent content, boolean last) {
        ctx.write(content, ctx.voidPromise());
        flushPending = true;
        if (last) {
            ctx.flush();
            flushPending = false;
        }
    }

    /** Writes bytes of a WebSocket connection. */
    void bytes(ByteBuf bytes) {
        ctx.write(bytes, ctx.voidPromise());
        flushPending = true;
    }

    /** True when the client can take more now; else the app's side stops reading. */
    boolean clientWritable() {
        return ctx.channel().isWritable();
    }

    void flush() {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }
}
