package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/** How a request or response is framed, read cheaply on the hot path, and trailers dropped at this hop. */
final class MessageFraming {

    private MessageFraming() {
    }

    /** {@link HttpUtil#isKeepAlive} without its per-call iterator when there is no Connection header. */
    static boolean keepAlive(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.CONNECTION) ? HttpUtil.isKeepAlive(message)
                : message.protocolVersion().isKeepAliveDefault();
    }

    /** {@link HttpUtil#isTransferEncodingChunked} without its per-call iterator when there is no such header. */
    static boolean chunked(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                && HttpUtil.isTransferEncodingChunked(message);
    }

    /** The declared Content-Length, or -1 when the message is chunked or declares none. */
    static long contentLength(HttpMessage message, boolean chunked) {
        return chunked ? -1L : HttpUtil.getContentLength(message, -1L);
    }

    /** The last part of a body without its trailers (this hop does not forward them). */
    static HttpContent withoutTrailers(LastHttpContent last) {
        if (last.trailingHeaders().isEmpty()) {
            return last;
        }
        LastHttpContent bare = new DefaultLastHttpContent(last.content().retain());
        last.release();
        return bare;
    }
}
