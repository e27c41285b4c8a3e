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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the proxy. It reads requests one at a time, has each admitted by {@link Admission},
 * sends the request ({@link ForwardedHead}) to the order's entrance over a pooled {@link UpstreamConnection}
 * ({@link ExchangeUpstream}), and streams both bodies through with back-pressure: a side that cannot take more
 * stops the other side from reading. The response goes back through {@link ResponseRelay}. Pipelined requests
 * wait, unread, until the response before them is complete. Everything runs on the connection's own I/O thread;
 * where the current request and response stand is in {@link Exchange}.
 */
final class ClientExchange extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientExchange.class);

    private final long maxRequestBodyBytes;
    private final ClientResponseEncoder encoder;
    /** Reads and removes the gateway's cookie, remembering the reading of this connection's Cookie header. */
    private final GatewayCookie.Reader cookies;
    private final Admission admission;
    private final ForwardedHead forwardedHead = new ForwardedHead();
    private final Exchange exchange = new Exchange();
    private final ExchangeUpstream upstream;
    private final ResponseRelay relay;
    private final ResponseTimer responseTimer;
    private ChannelHandlerContext ctx;
    private String clientAddress;
    /** Messages of requests that came in while an earlier exchange was still running, in order. */
    private ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** True after a WebSocket upgrade: bytes pass through both ways. */
    private boolean relaying;
    private boolean closing;

    ClientExchange(ProxySettings settings, ProxyAccess access, Clock clock, UpstreamPool pool,
            ClientResponseEncoder encoder) {
        this.maxRequestBodyBytes = settings.maxRequestBodyBytes();
        this.encoder = encoder;
        this.cookies = new GatewayCookie.Reader(settings.cookieName());
        this.admission = new Admission(settings, access, clock);
        this.upstream = new ExchangeUpstream(pool);
        this.relay = new ResponseRelay(settings.cookieName());
        this.responseTimer = new ResponseTimer(settings.responseTimeout(), this::onResponseTimeout);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        relay.bind(context, context.pipeline().context(encoder));
        responseTimer.bind(context);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        InetSocketAddress remote = (InetSocketAddress) context.channel().remoteAddress();
        clientAddress = remote.getAddress().getHostAddress();
        forwardedHead.client(clientAddress, ServerTls.on(context.channel()));
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
            if (msg instanceof ByteBuf && upstream.attached()) {
                upstream.write(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (!waiting.isEmpty() || (exchange.active() && exchange.requestComplete())) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (msg instanceof HttpRequest) {
            if (exchange.active()) {
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
        upstream.flush();
    }

    private void startRequest(HttpRequest request) {
        boolean chunked = MessageFraming.chunked(request);
        long contentLength = MessageFraming.contentLength(request, chunked);
        exchange.begin(request, chunked || contentLength > 0);
        upstream.begin();
        encoder.answering(exchange.head());
        HttpHeaders headers = request.headers();
        String clientHost = headers.get(HttpHeaderNames.HOST);
        // Both credentials leave the headers here, whatever the decision: nothing below forwards them.
        String bearer = GatewayCookie.bearerToken(headers);
        String cookie = cookies.take(headers);
        Admission.Verdict verdict = admission.admit(request, clientHost, contentLength, cookie, bearer);
        if (verdict instanceof Admission.Refuse refusal) {
            exchange.refused(refusal);
            refuse(refusal.status(), refusal.reason(), refusal.detail());
            return;
        }
        forward(request, (Admission.Forward) verdict, clientHost, chunked);
    }

    private void forward(HttpRequest request, Admission.Forward forward, String clientHost, boolean chunked) {
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.EXPECT)) {
            // Answered here, after the access check and the size cap, so a refused body is never sent.
            headers.remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        boolean webSocket = HopByHopHeaders.isWebSocketUpgrade(request);
        exchange.forwarding(forward.target().orderId(), webSocket);
        upstream.aim(forward.entrance(), forwardedHead.rewrite(request, forward, clientHost, chunked,
                exchange.requestHasBody(), webSocket));
        UpstreamConnection pooled = webSocket ? null : upstream.acquirePooled();
        if (pooled != null) {
            // Still inside the client's read: channelReadComplete flushes head and body together.
            attach(pooled, false);
        } else {
            openUpstream();
        }
    }

    /** What {@link ForwardingRequestEncoder} writes after the request line of the current request. */
    byte[] forwardedFields() {
        return forwardedHead.fields();
    }

    private void openUpstream() {
        // Hold the body until the connection is there; one read's worth is already decoded at most.
        ctx.channel().config().setAutoRead(false);
        Entrance target = upstream.entrance();
        long number = exchange.number();
        upstream.connect().addListener((ChannelFutureListener) future -> {
            if (!exchange.active() || closing || exchange.number() != number || upstream.attached()) {
                future.channel().close();
                return;
            }
            if (!future.isSuccess()) {
                Throwable cause = future.cause();
                String what = cause instanceof ConnectTimeoutException ? "did not accept the connection in time"
                        : cause instanceof ConnectException ? "refused the connection" : "could not be reached";
                LogEvent.debug(LOG, "proxy_upstream_unreachable").with("order", exchange.orderId())
                        .with("entrance", target.host() + ":" + target.port()).with("detail", what + ": " + cause)
                        .log();
                failExchange(502, "UPSTREAM_UNREACHABLE", "the order's app " + what);
                return;
            }
            attach(future.channel().pipeline().get(UpstreamConnection.class), true);
        });
    }

    private void attach(UpstreamConnection connection, boolean flush) {
        upstream.attach(connection, this, exchange.head());
        if (flush) {
            upstream.flush();
        }
        if (exchange.requestComplete()) {
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
            read = upstream.writable();
        } else if (!exchange.active()) {
            read = true;
        } else {
            read = exchange.requestComplete() ? waiting.isEmpty()
                    : exchange.discarding() || upstream.writable();
        }
        ctx.channel().config().setAutoRead(read);
    }

    private void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (!exchange.active() || exchange.discarding()) {
            content.release();
            if (last && exchange.active()) {
                exchange.requestEnded();
                if (exchange.responseStarted()) {
                    endExchange();
                }
            }
            return;
        }
        if (exchange.addBodyBytes(content.content().readableBytes()) > maxRequestBodyBytes) {
            content.release();
            exchange.closeAfterResponse();
            failExchange(413, "BODY_TOO_LARGE", "the request body is larger than " + maxRequestBodyBytes + " bytes");
            return;
        }
        if (!exchange.requestHasBody()) {
            // The forwarded request was sent whole: its (empty) end is already on its way.
            content.release();
            if (last) {
                exchange.requestEnded();
                if (upstream.attached()) {
                    startResponseTimer();
                }
            }
            return;
        }
        forwardContent(last ? MessageFraming.withoutTrailers((LastHttpContent) content) : content, last);
    }

    private void forwardContent(HttpContent forwarded, boolean last) {
        if (last) {
            // Reading goes on (no epoll change per request); a pipelined request that arrives now is
            // queued and stops reading until this response is complete.
            exchange.requestEnded();
        }
        if (!upstream.attached()) {
            upstream.hold(forwarded);
            return;
        }
        upstream.write(forwarded);
        if (last) {
            startResponseTimer();
        } else if (!upstream.writable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void startResponseTimer() {
        if (!exchange.responseStarted() && !relaying) {
            responseTimer.start();
        }
    }

    private void onResponseTimeout() {
        if (exchange.active() && !exchange.responseStarted()) {
            failExchange(504, "UPSTREAM_TIMEOUT", "the order's app did not answer in time");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (upstream.attached()) {
            upstream.autoRead(context.channel().isWritable());
        }
        context.fireChannelWritabilityChanged();
    }

    void onUpstreamWritabilityChanged(boolean writable) {
        resumeReading();
    }

    // ---- upstream -> client ----

    void onResponseHead(UpstreamConnection from, HttpResponse response) {
        if (!upstream.is(from)) {
            return;
        }
        responseTimer.cancel();
        if (response.decoderResult().isFailure()) {
            upstream.notReusable();
            failExchange(502, "BAD_UPSTREAM_RESPONSE", "the order's app sent a malformed response");
            return;
        }
        int code = response.status().code();
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            if (exchange.webSocket()) {
                switchToWebSocket(response);
            } else {
                upstream.notReusable();
                failExchange(502, "BAD_UPSTREAM_RESPONSE", "the order's app switched protocols unasked");
            }
            return;
        }
        frameResponseHead(response, code);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        exchange.responding(code);
        relay.head(response);
    }

    /** Decides, from the app's response head, whether either connection outlives it, and frames the head. */
    private void frameResponseHead(HttpResponse response, int code) {
        boolean mayHaveBody = !exchange.head() && code != 204 && code != 304;
        boolean chunked = MessageFraming.chunked(response);
        long contentLength = MessageFraming.contentLength(response, chunked);
        upstream.reusable(MessageFraming.keepAlive(response) && !exchange.webSocket()
                && (chunked || contentLength >= 0 || !mayHaveBody));
        boolean http11 = exchange.clientSpeaksHttp11();
        if (contentLength < 0 && mayHaveBody && !http11) {
            // An HTTP/1.0 client learns where a body of unknown length ends from the close.
            exchange.closeAfterResponse();
        }
        if (!exchange.requestComplete()) {
            // The app answered before the body ended; the rest of the body cannot be framed reliably.
            exchange.closeAfterResponse();
            upstream.notReusable();
        }
        relay.frameHead(response, mayHaveBody, contentLength, exchange.closesAfterResponse(), http11);
    }

    /** A whole, plain response read without Netty's decoder ({@link ResponseRelay#whole}). */
    void onWholeResponse(UpstreamConnection from, WholeResponse response) {
        if (!upstream.is(from)) {
            response.release();
            return;
        }
        responseTimer.cancel();
        upstream.reusable(response.keepAlive() && !exchange.webSocket());
        if (!exchange.requestComplete()) {
            // The app answered before the body ended; the rest of the body cannot be framed reliably.
            exchange.closeAfterResponse();
            upstream.notReusable();
        }
        exchange.responding(response.status());
        relay.whole(response, exchange.closesAfterResponse(), exchange.clientSpeaksHttp11());
        endExchange();
    }

    void onResponseContent(UpstreamConnection from, HttpContent content) {
        if (!upstream.is(from) || !exchange.responseStarted()) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        relay.content(last ? MessageFraming.withoutTrailers((LastHttpContent) content) : content, last);
        if (last) {
            // When the body is still coming, onResponseHead has already marked both sides for closing.
            endExchange();
        } else if (!relay.clientWritable()) {
            upstream.autoRead(false);
        }
    }

    void onUpstreamBytes(ByteBuf bytes) {
        relay.bytes(bytes);
        if (!relay.clientWritable()) {
            upstream.autoRead(false);
        }
    }

    void flushToClient() {
        relay.flush();
    }

    void onUpstreamClosed(UpstreamConnection from) {
        if (!upstream.is(from)) {
            return;
        }
        if (relaying) {
            upstream.forget();
            closeClientAfterFlush();
            return;
        }
        if (!exchange.responseStarted() && upstream.mayRetry(exchange.requestHasBody())) {
            // A pooled connection the app closed just as it was reused: try once on a fresh one.
            upstream.retrying();
            responseTimer.cancel();
            openUpstream();
            return;
        }
        upstream.notReusable();
        failExchange(502, "UPSTREAM_CLOSED", "the order's app closed the connection before answering");
    }

    private void switchToWebSocket(HttpResponse response) {
        relay.frameUpgrade(response);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        exchange.responding(101);
        // The write encodes the 101 right away, so both HTTP codecs can leave the pipelines after it.
        ctx.writeAndFlush(response, ctx.voidPromise());
        relaying = true;
        UpstreamConnection connection = upstream.connection();
        connection.switchToRaw();
        ctx.pipeline().remove(HttpRequestDecoder.class);
        ctx.pipeline().remove(encoder);
        LogEvent.debug(LOG, "proxy_websocket_opened").with("order", exchange.orderId()).log();
        ctx.channel().config().setAutoRead(connection.channel().isWritable());
        connection.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    // ---- endings ----

    private void refuse(int status, String reason, String detail) {
        exchange.answering(status);
        boolean close = exchange.closesAfterResponse();
        ChannelFuture written = ctx.writeAndFlush(ProblemReply.of(ctx.alloc(), status, reason, detail,
                exchange.path(), !close));
        if (close) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Ends the current exchange with a problem, or by closing the client when a response already began. */
    private void failExchange(int status, String reason, String detail) {
        LogEvent.warn(LOG, "proxy_upstream_failed").with("order", exchange.orderId()).with("path", exchange.path())
                .with("status", status).with("reason", reason).with("responseStarted", exchange.responseStarted())
                .log();
        responseTimer.cancel();
        upstream.close();
        upstream.releaseUnsent();
        if (exchange.responseStarted()) {
            closeClientAfterFlush();
            return;
        }
        if (!exchange.requestComplete()) {
            exchange.closeAfterResponse();
        }
        refuse(status, reason, detail);
        if (exchange.requestComplete() && !exchange.closesAfterResponse()) {
            endExchange();
        }
    }

    private void endExchange() {
        responseTimer.cancel();
        upstream.finish();
        if (LOG.isDebugEnabled()) {
            LogEvent.debug(LOG, "proxy_request_done").with("order", exchange.orderId())
                    .with("method", exchange.method()).with("path", exchange.path())
                    .with("status", exchange.responseStatus()).with("reused", upstream.reused()).log();
        }
        exchange.end();
        if (exchange.closesAfterResponse()) {
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
        upstream.flush();
        resumeReading();
    }

    private void closeClientAfterFlush() {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        responseTimer.stop();
        upstream.close();
        upstream.releaseUnsent();
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        exchange.end();
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LogEvent.debug(LOG, "proxy_client_failed").with("client", clientAddress).with("detail", cause.toString()).log();
        context.close();
    }
}
