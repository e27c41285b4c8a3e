package io.grid.routes.gateway.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/** Adds {@code Strict-Transport-Security} to every HTTP response written past it, unless it already has one. */
@ChannelHandler.Sharable
final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {

    private static final AsciiString NAME = AsciiString.cached("strict-transport-security");

    private final String value;

    StrictTransportSecurity(String value) {
        this.value = value;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && !response.headers().contains(NAME)) {
            response.headers().set(NAME, value);
        }
        ctx.write(msg, promise);
    }
}
