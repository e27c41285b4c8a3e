package io.grid.routes.gateway.tls;

import io.netty.channel.Channel;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.component.netty.http.HttpServerInitializerFactory;
import org.apache.camel.component.netty.http.NettyHttpConsumer;

/**
 * Camel netty-http's server pipeline with the gateway's {@link ServerTls} in front (SNI, reload, TLS 1.2+) and,
 * when configured, {@code Strict-Transport-Security} on every response. {@link TlsNettyHttpComponent} makes one
 * per port.
 */
class TlsRestInitializer extends HttpServerInitializerFactory {

    private final ServerTls tls;

    TlsRestInitializer(ServerTls tls, NettyHttpConsumer consumer) {
        super(consumer);
        this.tls = tls;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new TlsRestInitializer(tls, (NettyHttpConsumer) consumer);
    }

    @Override
    protected void initChannel(Channel ch) throws Exception {
        super.initChannel(ch);
        ch.pipeline().addFirst(ServerTls.HANDLER_NAME, tls.newHandler(ch.alloc()));
        String hsts = tls.settings().strictTransportSecurity();
        if (hsts != null) {
            ch.pipeline().addBefore("handler", "grid-hsts", new StrictTransportSecurity(hsts));
        }
    }
}
