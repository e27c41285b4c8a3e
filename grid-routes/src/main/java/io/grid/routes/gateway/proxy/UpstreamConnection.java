package io.grid.routes.gateway.proxy;

import io.grid.core.log.LogEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to an entrance. It serves one client exchange at a time and goes back to its
 * {@link UpstreamPool} between exchanges; everything it receives is handed to that exchange.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);

    private final Entrance entrance;
    private final UpstreamPool pool;
    private final UpstreamResponseDecoder decoder;
    private Channel channel;
    private ClientExchange client;
    private boolean skippingInterim;
    private boolean raw;
    private long idleSince;

    UpstreamConnection(Entrance entrance, UpstreamPool pool, UpstreamResponseDecoder decoder) {
        this.entrance = entrance;
        this.pool = pool;
        this.decoder = decoder;
    }

    /** Announces the request about to be written: true for a HEAD, whose response has no body. */
    void expectResponseTo(boolean head) {
        decoder.expectResponseTo(head);
    }

    Entrance entrance() {
        return entrance;
    }

    Channel channel() {
        return channel;
    }

    long idleSince() {
        return idleSince;
    }

    void attach(ClientExchange exchange) {
        this.client = exchange;
    }

    /** Back to the pool: forget the exchange and remember when it went idle. */
    void detach(long nanoTime) {
        this.client = null;
        this.idleSince = nanoTime;
        // Idle connections keep reading so that a close by the app is noticed at once.
        channel.config().setAutoRead(true);
    }

    /** The Host and X-Forwarded-* fields of the request being written, from the attached exchange. */
    byte[] forwardedFields() {
        ClientExchange exchange = client;
        return exchange == null ? null : exchange.forwardedFields();
    }

    /** After a WebSocket 101: stop parsing HTTP, pass bytes through. */
    void switchToRaw() {
        raw = true;
        channel.pipeline().remove(ForwardingRequestEncoder.class);
        channel.pipeline().remove(decoder);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ClientExchange exchange = client;
        if (exchange == null) {
            // An idle connection must stay silent; data here means the app broke the protocol.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (raw) {
            if (msg instanceof ByteBuf) {
                exchange.onUpstreamBytes((ByteBuf) msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof WholeResponse) {
            exchange.onWholeResponse(this, (WholeResponse) msg);
        } else if (msg instanceof HttpResponse) {
            HttpResponse response = (HttpResponse) msg;
            int code = response.status().code();
            if (code >= 100 && code < 200 && code != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                // The proxy answers Expect: 100-continue itself; interim responses stay here.
                skippingInterim = true;
                return;
            }
            exchange.onResponseHead(this, response);
        } else if (msg instanceof HttpContent) {
            if (skippingInterim) {
                ReferenceCountUtil.release(msg);
                if (msg instanceof LastHttpContent) {
                    skippingInterim = false;
                }
                return;
            }
            exchange.onResponseContent(this, (HttpContent) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ClientExchange exchange = client;
        if (exchange != null) {
            exchange.flushToClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ClientExchange exchange = client;
        if (exchange != null) {
            exchange.onUpstreamWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientExchange exchange = client;
        if (exchange == null) {
            pool.forget(this);
        } else {
            exchange.onUpstreamClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LogEvent.debug(LOG, "upstream_failed").with("host", entrance.host()).with("port", entrance.port())
                .with("cause", cause).log();
        ctx.close();
    }
}
