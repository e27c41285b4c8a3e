package io.grid.routes.gateway.tls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.netty.http.HttpServerBootstrapFactory;
import org.apache.camel.component.netty.http.NettyHttpComponent;
import org.apache.camel.component.netty.http.NettyHttpConsumer;

/**
 * Camel's netty-http component whose server ports speak TLS through the gateway's {@link ServerTls}. netty-http
 * builds each port's pipeline itself (its {@code serverInitializerFactory} option is not used for HTTP servers)
 * and its own SSL options take one fixed SSLContext, with neither SNI nor reload; so this component makes each
 * port's server with a {@link TlsRestInitializer} instead. {@code GatewayRestConfiguration} puts it in place of
 * {@code netty-http} when TLS is on, so every REST route of the context (the platform's too) is served over TLS.
 */
public class TlsNettyHttpComponent extends NettyHttpComponent {

    private final ServerTls tls;
    private final Map<String, HttpServerBootstrapFactory> servers = new ConcurrentHashMap<>();

    public TlsNettyHttpComponent(ServerTls tls) {
        this.tls = tls;
    }

    @Override
    protected HttpServerBootstrapFactory getOrCreateHttpNettyServerBootstrapFactory(NettyHttpConsumer consumer) {
        return servers.computeIfAbsent(consumer.getConfiguration().getAddress(), address -> {
            HttpServerBootstrapFactory server = new HttpServerBootstrapFactory(
                    getMultiplexChannelHandler(consumer.getConfiguration().getPort()));
            server.init(getCamelContext(), consumer.getConfiguration(), new TlsRestInitializer(tls, consumer));
            return server;
        });
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        servers.clear();
    }
}
