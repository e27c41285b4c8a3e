package io.grid.routes.gateway.proxy;

import io.grid.core.log.LogEvent;
import io.grid.routes.gateway.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the proxy. It reads requests one at a time, asks {@link ProxyAccess},
 * sends the request to the order's entrance over a pooled {@link UpstreamConnection}, and streams
 * both bodies through with back-pressure: a side that cannot take more stops the other side from
 * reading. Pipelined requests wait, unread, until the response before them is complete. Everything
 * runs on the connection's own I/O thread.
 */
final class ClientExchange extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientExchange.class);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-prefix");
    private static final byte[] CONNECTION_CLOSE = "connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE = "connection: keep-alive\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final AsciiString[] UNTRUSTED = {
        AsciiString.cached("forwarded"), X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST, X_FORWARDED_PREFIX,
        AsciiString.cached("x-forwarded-port"), AsciiString.cached("x-forwarded-server"),
        AsciiString.cached("x-real-ip")
    };

    private final ProxySettings settings;
    private final ProxyAccess access;
    private final Clock clock;
    private final UpstreamPool pool;
    private final ClientResponseEncoder encoder;
    /** Reads and removes the gateway's cookie, remembering the reading of this connection's Cookie header. */
    private final GatewayCookie.Reader cookies;
    private ChannelHandlerContext ctx;
    /** The encoder's context: a {@link WholeResponse}, already encoded, is written from there, past the encoder. */
    private ChannelHandlerContext encoderContext;
    private String clientAddress;
    /** True when the client reached the proxy over TLS: apps are told {@code X-Forwarded-Proto: https}. */
    private boolean secure;

    /** Messages of requests that came in while an earlier exchange was still running, in order. */
    private ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean relaying;
    private boolean closing;
    private long exchangeNumber;
    private boolean flushUpstream;
    private boolean flushClient;

    // The current exchange.
    private boolean inExchange;
    private boolean requestComplete;
    private boolean discarding;
    private boolean closeAfterResponse;
    private boolean requestHasBody;
    private boolean webSocket;
    private boolean responseStarted;
    private boolean upstreamReusable;
    private boolean reusedConnection;
    private boolean retried;
    private long requestBodyBytes;
    private BigInteger orderId;
    private String path;
    private HttpMethod method;
    private HttpVersion clientVersion;
    private HttpRequest forwardedRequest;
    private Entrance entrance;
    private UpstreamConnection upstream;
    /** Body parts that arrived before the upstream connection; reused across exchanges. */
    private final ArrayDeque<HttpContent> unsent = new ArrayDeque<>(4);
    /** The entrance URI of the last allowed request and its parsed form (a per-connection cache). */
    private URI lastEntranceUri;
    private Entrance lastEntrance;
    /**
     * The request-target and Host of the last request that named an app, and what they named (a per-connection
     * cache: a client usually asks for the same few paths, and parsing is a pure function of the two).
     */
    private String lastRequestTarget;
    private String lastHost;
    private AppTarget lastTarget;
    /** The Host and X-Forwarded-* fields of the current request, and what they were made from (per connection). */
    private byte[] forwardedFields;
    private Entrance fieldsEntrance;
    private String fieldsHost;
    private String fieldsPrefix;
    /** The check of {@link #responseDeadline}; one per connection, moved lazily rather than per request. */
    private ScheduledFuture<?> responseTimer;
    /** When the current response head is due, in {@link System#nanoTime()} terms; 0 when none is awaited. */
    private long responseDeadline;
    private int responseStatus;

    ClientExchange(ProxySettings settings, ProxyAccess access, Clock clock, UpstreamPool pool,
            ClientResponseEncoder encoder) {
        this.settings = settings;
        this.access = access;
        this.clock = clock;
        this.pool = pool;
        this.encoder = encoder;
        this.cookies = new GatewayCookie.Reader(settings.cookieName());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        this.encoderContext = context.pipeline().context(encoder);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        InetSocketAddress remote = (InetSocketAddress) context.channel().remoteAddress();
        clientAddress = remote.getAddress().getHostAddress();
        secure = ServerTls.on(context.channel());
        context.fireChannelActive();
    }

    // ---- client -> proxy ----

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (relaying) {
            if (msg instanceof ByteBuf && upstream != null) {
                writeUpstream(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!waiting.isEmpty() || (inExchange && requestComplete)) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (msg instanceof HttpRequest) {
            if (inExchange) {
                ReferenceCountUtil.release(msg);
                return;
            }
            startRequest((HttpRequest) msg);
        } else if (msg instanceof HttpContent) {
            onRequestContent((HttpContent) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        flushToUpstream();
    }

    private void startRequest(HttpRequest request) {
        inExchange = true;
        exchangeNumber++;
        requestComplete = false;
        upstream = null;
        discarding = false;
        HttpHeaders headers = request.headers();
        closeAfterResponse = !keepAlive(request);
        responseStarted = false;
        upstreamReusable = true;
        reusedConnection = false;
        retried = false;
        requestBodyBytes = 0;
        orderId = null;
        responseStatus = 0;
        method = request.method();
        encoder.answering(HttpMethod.HEAD.equals(method));
        clientVersion = request.protocolVersion();
        path = ProblemReply.pathOf(request.uri());
        releaseUnsent();
        boolean chunked = chunked(request);
        long contentLength = chunked ? -1L : HttpUtil.getContentLength(request, -1L);
        requestHasBody = chunked || contentLength > 0;

        if (request.decoderResult().isFailure()) {
            closeAfterResponse = true;
            refuse(400, "MALFORMED_REQUEST", "the request could not be parsed");
            return;
        }
        String badFraming = RequestFraming.refusal(request);
        if (badFraming != null) {
            closeAfterResponse = true;
            refuse(400, "BAD_FRAMING", badFraming);
            return;
        }
        if (HttpMethod.CONNECT.equals(method)) {
            refuse(405, "METHOD_NOT_ALLOWED", "CONNECT is not proxied");
            return;
        }
        String requestTarget = request.uri();
        String clientHost = headers.get(HttpHeaderNames.HOST);
        AppTarget target;
        if (requestTarget.equals(lastRequestTarget) && Objects.equals(clientHost, lastHost)) {
            target = lastTarget;
        } else {
            try {
                target = AppTarget.parse(requestTarget, clientHost, settings.wildcardDomain());
            } catch (ProxyProblem problem) {
                refuse(problem.status(), problem.reason(), problem.getMessage());
                return;
            }
            lastRequestTarget = requestTarget;
            lastHost = clientHost;
            lastTarget = target;
        }
        orderId = target.orderId();
        // Both credentials leave the headers here, whatever the decision: nothing below forwards them.
        String bearer = GatewayCookie.bearerToken(headers);
        String cookie = cookies.take(headers);
        ProxyAccess.Decision decision;
        try {
            decision = access.decide(orderId, cookie, bearer, clock.instant());
        } catch (RuntimeException e) {
            LogEvent.error(LOG, "proxy_access_check_failed").with("order", orderId).cause(e).log();
            closeAfterResponse = true;
            refuse(500, "ACCESS_CHECK_FAILED", "the gateway could not check access to this order");
            return;
        }
        if (decision == null) {
            LogEvent.error(LOG, "proxy_access_undecided").with("order", orderId).log();
            closeAfterResponse = true;
            refuse(500, "ACCESS_CHECK_FAILED", "the gateway could not check access to this order");
            return;
        }
        if (decision instanceof ProxyAccess.Refused) {
            ProxyAccess.Refused refused = (ProxyAccess.Refused) decision;
            LogEvent.debug(LOG, "proxy_refused").with("order", orderId).with("status", refused.status())
                    .with("reason", refused.reason()).log();
            refuse(refused.status(), refused.reason(), "access to this order's app is refused");
            return;
        }
        URI entranceUri = ((ProxyAccess.Allowed) decision).entrance();
        if (entranceUri != lastEntranceUri) {
            // The access check usually hands out the same URI object for an order: parse it once.
            try {
                lastEntrance = Entrance.of(entranceUri);
            } catch (IllegalArgumentException e) {
                LogEvent.warn(LOG, "proxy_bad_entrance").with("order", orderId).with("detail", e.getMessage()).log();
                refuse(502, "BAD_ENTRANCE", "the order's entrance is not an http://host:port address");
                return;
            }
            lastEntranceUri = entranceUri;
        }
        entrance = lastEntrance;
        if (contentLength > settings.maxRequestBodyBytes()) {
            closeAfterResponse = true;
            refuse(413, "BODY_TOO_LARGE", "the request body is larger than " + settings.maxRequestBodyBytes()
                    + " bytes");
            return;
        }
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            closeAfterResponse = true;
            refuse(417, "EXPECTATION_FAILED", "only Expect: 100-continue is supported");
            return;
        }
        if (expect != null) {
            // Answered here, after the access check and the size cap, so a refused body is never sent.
            headers.remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }

        webSocket = HopByHopHeaders.isWebSocketUpgrade(request);
        // The codings go on as they came (gzip, chunked): only the chunked framing is this hop's.
        String transferCodings = chunked ? RequestFraming.codings(headers) : null;
        HopByHopHeaders.strip(headers, webSocket);
        for (AsciiString name : UNTRUSTED) {
            headers.remove(name);
        }
        // Host and X-Forwarded-* go upstream from this connection's forwarded fields (ForwardingRequestEncoder).
        headers.remove(HttpHeaderNames.HOST);
        forwardedFields(clientHost, target.prefix());
        if (chunked) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, transferCodings);
        }
        // A Content-Length header passes as the decoder validated it: re-encoding it would cost a
        // string per request and change nothing.
        request.setUri(target.upstreamUri());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        // Without a body, head and end go as one full request: one message for the encoder, one buffer.
        forwardedRequest = requestHasBody ? request : new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                request.uri(), Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);

        UpstreamConnection pooled = webSocket ? null : pool.acquire(entrance);
        if (pooled != null) {
            reusedConnection = true;
            // Still inside the client's read: channelReadComplete flushes head and body together.
            attach(pooled, false);
        } else {
            openUpstream();
        }
    }

    /** Makes the forwarded fields of the current request, unless the last request's are the same. */
    private void forwardedFields(String clientHost, String prefix) {
        if (forwardedFields == null || entrance != fieldsEntrance || !Objects.equals(clientHost, fieldsHost)
                || !prefix.equals(fieldsPrefix)) {
            forwardedFields = ForwardingRequestEncoder.fields(entrance.authority(), clientAddress, clientHost, prefix,
                    secure);
            fieldsEntrance = entrance;
            fieldsHost = clientHost;
            fieldsPrefix = prefix;
        }
    }

    /** What {@link ForwardingRequestEncoder} writes after the request line of the current request. */
    byte[] forwardedFields() {
        return forwardedFields;
    }

    private void openUpstream() {
        // Hold the body until the connection is there; one read's worth is already decoded at most.
        ctx.channel().config().setAutoRead(false);
        Entrance target = entrance;
        long number = exchangeNumber;
        pool.connect(target).addListener((ChannelFutureListener) future -> {
            if (!inExchange || closing || exchangeNumber != number || upstream != null) {
                future.channel().close();
                return;
            }
            if (!future.isSuccess()) {
                Throwable cause = future.cause();
                String what = cause instanceof ConnectTimeoutException ? "did not accept the connection in time"
                        : cause instanceof ConnectException ? "refused the connection" : "could not be reached";
                LOG.debug("order={} entrance {}:{} {}: {}", orderId, target.host(), target.port(), what,
                        cause.toString());
                failExchange(502, "UPSTREAM_UNREACHABLE", "the order's app " + what);
                return;
            }
            attach(future.channel().pipeline().get(UpstreamConnection.class), true);
        });
    }

    private void attach(UpstreamConnection connection, boolean flush) {
        upstream = connection;
        connection.attach(this);
        connection.expectResponseTo(HttpMethod.HEAD.equals(method));
        writeUpstream(forwardedRequest);
        HttpContent content;
        while ((content = unsent.poll()) != null) {
            writeUpstream(content);
        }
        if (flush) {
            flushToUpstream();
        }
        if (requestComplete) {
            startResponseTimer();
        }
        resumeReading();
    }

    /** Reads from the client only when there is somewhere for the bytes to go. */
    private void resumeReading() {
        boolean read;
        if (closing) {
            read = false;
        } else if (relaying) {
            read = upstream != null && upstream.channel().isWritable();
        } else if (!inExchange) {
            read = true;
        } else {
            read = requestComplete ? waiting.isEmpty()
                    : discarding || (upstream != null && upstream.channel().isWritable());
        }
        ctx.channel().config().setAutoRead(read);
    }

    private void onRequestContent(HttpContent content) {
        if (!inExchange || discarding) {
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last && inExchange) {
                requestComplete = true;
                if (responseStarted) {
                    endExchange();
                }
            }
            return;
        }
        requestBodyBytes += content.content().readableBytes();
        if (requestBodyBytes > settings.maxRequestBodyBytes()) {
            content.release();
            closeAfterResponse = true;
            failExchange(413, "BODY_TOO_LARGE", "the request body is larger than "
                    + settings.maxRequestBodyBytes() + " bytes");
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (!requestHasBody) {
            // The forwarded request was sent whole: its (empty) end is already on its way.
            content.release();
            if (last) {
                requestComplete = true;
                if (upstream != null) {
                    startResponseTimer();
                }
            }
            return;
        }
        HttpContent forwarded = last ? withoutTrailers((LastHttpContent) content) : content;
        if (last) {
            // Reading goes on (no epoll change per request); a pipelined request that arrives now is
            // queued and stops reading until this response is complete.
            requestComplete = true;
        }
        if (upstream == null) {
            unsent.add(forwarded);
            return;
        }
        writeUpstream(forwarded);
        if (last) {
            startResponseTimer();
        } else if (!upstream.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void writeUpstream(Object msg) {
        upstream.channel().write(msg, upstream.channel().voidPromise());
        flushUpstream = true;
    }

    private void flushToUpstream() {
        if (flushUpstream && upstream != null) {
            flushUpstream = false;
            upstream.channel().flush();
        }
    }

    private void startResponseTimer() {
        if (responseDeadline == 0 && !responseStarted && !relaying) {
            long timeout = settings.responseTimeout().toNanos();
            responseDeadline = System.nanoTime() + timeout;
            if (responseTimer == null) {
                responseTimer = ctx.executor().schedule(this::checkResponseDeadline, timeout, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void cancelResponseTimer() {
        responseDeadline = 0;
    }

    private void checkResponseDeadline() {
        responseTimer = null;
        if (responseDeadline == 0 || !ctx.channel().isActive()) {
            return;
        }
        long remaining = responseDeadline - System.nanoTime();
        if (remaining > 0) {
            responseTimer = ctx.executor().schedule(this::checkResponseDeadline, remaining, TimeUnit.NANOSECONDS);
            return;
        }
        responseDeadline = 0;
        if (inExchange && !responseStarted) {
            failExchange(504, "UPSTREAM_TIMEOUT", "the order's app did not answer in time");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (upstream != null) {
            upstream.channel().config().setAutoRead(context.channel().isWritable());
        }
        context.fireChannelWritabilityChanged();
    }

    void onUpstreamWritabilityChanged(boolean writable) {
        resumeReading();
    }

    // ---- upstream -> client ----

    void onResponseHead(UpstreamConnection from, HttpResponse response) {
        if (from != upstream) {
            return;
        }
        cancelResponseTimer();
        if (response.decoderResult().isFailure()) {
            upstreamReusable = false;
            failExchange(502, "BAD_UPSTREAM_RESPONSE", "the order's app sent a malformed response");
            return;
        }
        int code = response.status().code();
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            if (webSocket) {
                switchToWebSocket(response);
            } else {
                upstreamReusable = false;
                failExchange(502, "BAD_UPSTREAM_RESPONSE", "the order's app switched protocols unasked");
            }
            return;
        }
        HttpHeaders headers = response.headers();
        boolean mayHaveBody = !HttpMethod.HEAD.equals(method) && code != 204 && code != 304;
        boolean chunked = chunked(response);
        long contentLength = chunked ? -1L : HttpUtil.getContentLength(response, -1L);
        upstreamReusable = keepAlive(response) && !webSocket && (chunked || contentLength >= 0
                || !mayHaveBody);
        HopByHopHeaders.strip(headers, false);
        GatewayCookie.removeFromResponse(headers, settings.cookieName());
        // A Content-Length passes unchanged (the decoder validated it); only a body without one is re-framed.
        if (contentLength < 0 && mayHaveBody) {
            if (clientSpeaksHttp11()) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                closeAfterResponse = true;
            }
        }
        if (!requestComplete) {
            // The app answered before the body ended; the rest of the body cannot be framed reliably.
            closeAfterResponse = true;
            upstreamReusable = false;
        }
        if (closeAfterResponse) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!clientSpeaksHttp11()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        responseStarted = true;
        responseStatus = code;
        ctx.write(response, ctx.voidPromise());
        flushClient = true;
    }

    /**
     * A whole, plain response read without Netty's decoder: its head already lacks the hop-by-hop headers,
     * keeps its Content-Length and never sets the gateway's cookie, so only the Connection header and the
     * empty line remain to add. Written past the encoder, which stays between messages.
     */
    void onWholeResponse(UpstreamConnection from, WholeResponse response) {
        if (from != upstream) {
            response.release();
            return;
        }
        cancelResponseTimer();
        upstreamReusable = response.keepAlive() && !webSocket;
        if (!requestComplete) {
            // The app answered before the body ended; the rest of the body cannot be framed reliably.
            closeAfterResponse = true;
            upstreamReusable = false;
        }
        ByteBuf head = response.head().retain();
        ByteBuf body = response.body().retain();
        response.release();
        if (closeAfterResponse) {
            head.writeBytes(CONNECTION_CLOSE);
        } else if (!clientSpeaksHttp11()) {
            head.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        head.writeShort(CRLF);
        responseStarted = true;
        responseStatus = response.status();
        encoderContext.write(head, encoderContext.voidPromise());
        encoderContext.write(body, encoderContext.voidPromise());
        ctx.flush();
        flushClient = false;
        endExchange();
    }

    private boolean clientSpeaksHttp11() {
        return clientVersion == null || clientVersion.minorVersion() >= 1;
    }

    void onResponseContent(UpstreamConnection from, HttpContent content) {
        if (from != upstream || !responseStarted) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        ctx.write(last ? withoutTrailers((LastHttpContent) content) : content, ctx.voidPromise());
        flushClient = true;
        if (last) {
            ctx.flush();
            flushClient = false;
            // When the body is still coming, onResponseHead has already marked both sides for closing.
            endExchange();
        } else if (!ctx.channel().isWritable()) {
            upstream.channel().config().setAutoRead(false);
        }
    }

    void onUpstreamBytes(ByteBuf bytes) {
        ctx.write(bytes, ctx.voidPromise());
        flushClient = true;
        if (!ctx.channel().isWritable()) {
            upstream.channel().config().setAutoRead(false);
        }
    }

    void flushToClient() {
        if (flushClient) {
            flushClient = false;
            ctx.flush();
        }
    }

    void onUpstreamClosed(UpstreamConnection from) {
        if (from != upstream) {
            return;
        }
        if (relaying) {
            upstream = null;
            closeClientAfterFlush();
            return;
        }
        if (!responseStarted && reusedConnection && !requestHasBody && !retried) {
            // A pooled connection the app closed just as it was reused: try once on a fresh one.
            retried = true;
            reusedConnection = false;
            upstream = null;
            cancelResponseTimer();
            openUpstream();
            return;
        }
        upstreamReusable = false;
        failExchange(502, "UPSTREAM_CLOSED", "the order's app closed the connection before answering");
    }

    private void switchToWebSocket(HttpResponse response) {
        HopByHopHeaders.strip(response.headers(), true);
        GatewayCookie.removeFromResponse(response.headers(), settings.cookieName());
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        responseStarted = true;
        responseStatus = 101;
        // The write encodes the 101 right away, so both HTTP codecs can leave the pipelines after it.
        ctx.writeAndFlush(response, ctx.voidPromise());
        relaying = true;
        upstream.switchToRaw();
        ctx.pipeline().remove(HttpRequestDecoder.class);
        ctx.pipeline().remove(encoder);
        LogEvent.debug(LOG, "proxy_websocket_opened").with("order", orderId).log();
        ctx.channel().config().setAutoRead(upstream.channel().isWritable());
        upstream.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    // ---- endings ----

    private void refuse(int status, String reason, String detail) {
        responseStatus = status;
        if (requestHasBody && !requestComplete) {
            // The body was not read; the connection cannot carry another request reliably.
            closeAfterResponse = true;
        }
        discarding = true;
        responseStarted = true;
        ChannelFuture written = ctx.writeAndFlush(ProblemReply.of(ctx.alloc(), status, reason, detail, path,
                !closeAfterResponse));
        if (closeAfterResponse) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Ends the current exchange with a problem, or by closing the client when a response already began. */
    private void failExchange(int status, String reason, String detail) {
        LogEvent.warn(LOG, "proxy_upstream_failed").with("order", orderId).with("path", path).with("status", status)
                .with("reason", reason).with("responseStarted", responseStarted).log();
        cancelResponseTimer();
        UpstreamConnection connection = upstream;
        upstream = null;
        if (connection != null) {
            connection.attach(null);
            connection.channel().close();
        }
        releaseUnsent();
        if (responseStarted) {
            closeClientAfterFlush();
            return;
        }
        if (!requestComplete) {
            closeAfterResponse = true;
        }
        refuse(status, reason, detail);
        if (requestComplete && !closeAfterResponse) {
            endExchange();
        }
    }

    private void endExchange() {
        cancelResponseTimer();
        UpstreamConnection connection = upstream;
        upstream = null;
        if (connection != null) {
            if (upstreamReusable && connection.channel().isActive()) {
                pool.release(connection);
            } else {
                connection.attach(null);
                connection.channel().close();
            }
        }
        if (LOG.isDebugEnabled()) {
            LogEvent.debug(LOG, "proxy_request_done").with("order", orderId).with("method", method).with("path", path)
                    .with("status", responseStatus).with("reused", reusedConnection).log();
        }
        inExchange = false;
        forwardedRequest = null;
        if (closeAfterResponse) {
            closeClientAfterFlush();
            return;
        }
        if (!waiting.isEmpty()) {
            // Replayed messages may queue again behind the next exchange: drain a detached copy.
            ArrayDeque<Object> next = waiting;
            waiting = new ArrayDeque<>();
            Object msg;
            while ((msg = next.poll()) != null) {
                channelRead(ctx, msg);
            }
        }
        flushToUpstream();
        resumeReading();
    }

    private void closeClientAfterFlush() {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseUnsent() {
        HttpContent content;
        while ((content = unsent.poll()) != null) {
            content.release();
        }
    }

    /** {@link HttpUtil#isKeepAlive} without its per-call iterator when there is no Connection header. */
    private static boolean keepAlive(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.CONNECTION) ? HttpUtil.isKeepAlive(message)
                : message.protocolVersion().isKeepAliveDefault();
    }

    /** {@link HttpUtil#isTransferEncodingChunked} without its per-call iterator when there is no such header. */
    private static boolean chunked(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                && HttpUtil.isTransferEncodingChunked(message);
    }

    private static HttpContent withoutTrailers(LastHttpContent last) {
        if (last.trailingHeaders().isEmpty()) {
            return last;
        }
        LastHttpContent bare = new DefaultLastHttpContent(last.content().retain());
        last.release();
        return bare;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancelResponseTimer();
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
        UpstreamConnection connection = upstream;
        upstream = null;
        if (connection != null) {
            connection.attach(null);
            connection.channel().close();
        }
        releaseUnsent();
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        inExchange = false;
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LogEvent.debug(LOG, "proxy_client_failed").with("client", clientAddress).with("detail", cause.toString()).log();
        context.close();
    }
}
