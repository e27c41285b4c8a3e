package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.math.BigInteger;

/**
 * Where the current request and response of a client connection stand: what was asked (method, path, order),
 * how far the request body has come, whether the response began, and whether the connection closes after it.
 * One instance per client connection, begun again for each request (nothing allocated per request), used on the
 * connection's I/O thread only. The upstream side of the exchange is {@link ExchangeUpstream}.
 */
final class Exchange {

    private boolean active;
    private long number;
    private HttpMethod method;
    private HttpVersion clientVersion;
    private String path;
    private BigInteger orderId;
    private boolean requestHasBody;
    private long requestBodyBytes;
    private boolean requestComplete;
    /** True once the proxy answered itself: the rest of the request body is read and dropped. */
    private boolean discarding;
    private boolean closeAfterResponse;
    private boolean responseStarted;
    private int responseStatus;
    private boolean webSocket;

    /**
     * Starts the exchange of {@code request}.
     *
     * @param hasBody true when the request declares a body (chunked, or a positive Content-Length)
     */
    void begin(HttpRequest request, boolean hasBody) {
        active = true;
        number++;
        method = request.method();
        clientVersion = request.protocolVersion();
        path = ProblemReply.pathOf(request.uri());
        orderId = null;
        requestHasBody = hasBody;
        requestBodyBytes = 0;
        requestComplete = false;
        discarding = false;
        closeAfterResponse = !MessageFraming.keepAlive(request);
        responseStarted = false;
        responseStatus = 0;
        webSocket = false;
    }

    /** The request was admitted for {@code order}; {@code upgrade} when it asks for a WebSocket. */
    void forwarding(BigInteger order, boolean upgrade) {
        this.orderId = order;
        this.webSocket = upgrade;
    }

    /** The request was refused before anything went upstream. */
    void refused(Admission.Refuse refusal) {
        this.orderId = refusal.orderId();
        if (refusal.closeConnection()) {
            closeAfterResponse = true;
        }
    }

    /** The proxy answers with {@code status} itself; the rest of the request body is dropped. */
    void answering(int status) {
        responseStatus = status;
        if (requestHasBody && !requestComplete) {
            // The body was not read; the connection cannot carry another request reliably.
            closeAfterResponse = true;
        }
        discarding = true;
        responseStarted = true;
    }

    /** The app's response with {@code status} begins. */
    void responding(int status) {
        responseStarted = true;
        responseStatus = status;
    }

    /** Counts body bytes read from the client; returns the total so far. */
    long addBodyBytes(int bytes) {
        requestBodyBytes += bytes;
        return requestBodyBytes;
    }

    void requestEnded() {
        requestComplete = true;
    }

    void closeAfterResponse() {
        closeAfterResponse = true;
    }

    void end() {
        active = false;
    }

    boolean active() {
        return active;
    }

    /** Counts exchanges, so that a late connect of an earlier one is recognised. */
    long number() {
        return number;
    }

    boolean head() {
        return HttpMethod.HEAD.equals(method);
    }

    HttpMethod method() {
        return method;
    }

    boolean clientSpeaksHttp11() {
        return clientVersion == null || clientVersion.minorVersion() >= 1;
    }

    String path() {
        return path;
    }

    BigInteger orderId() {
        return orderId;
    }

    boolean requestHasBody() {
        return requestHasBody;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean discarding() {
        return discarding;
    }

    boolean closesAfterResponse() {
        return closeAfterResponse;
    }

    boolean responseStarted() {
        return responseStarted;
    }

    int responseStatus() {
        return responseStatus;
    }

    boolean webSocket() {
        return webSocket;
    }
}
