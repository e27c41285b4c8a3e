package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Encodes the responses to one client connection. It replaces the request-method queue of
 * {@code HttpServerCodec}: the proxy answers one request at a time and says beforehand whether it is a
 * HEAD, whose response is sent without a body.
 */
final class ClientResponseEncoder extends HttpResponseEncoder {

    private boolean headRequest;

    /** Announces the request the next responses answer: true for a HEAD. */
    void answering(boolean head) {
        this.headRequest = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        // An interim 100 Continue is followed by the real response to the same request.
        return headRequest && msg.status().code() >= 200 || super.isContentAlwaysEmpty(msg);
    }
}
