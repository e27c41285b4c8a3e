package io.grid.routes.gateway.access;

import io.grid.routes.gateway.proxy.ProxyServer;
import org.apache.camel.support.service.ServiceSupport;

import java.net.InetSocketAddress;

/**
 * Runs the gateway's reverse proxy beside its Camel routes: add it to the Camel context
 * ({@code context.addService(proxy)}) and it starts and stops with the context.
 */
public class GatewayProxy extends ServiceSupport {

    private final ProxyServer server;
    private final InetSocketAddress address;

    /**
     * @param server  the proxy, built with an {@link OrderProxyAccess}
     * @param address where it listens; port 0 picks a free one (see {@link #port()})
     */
    public GatewayProxy(ProxyServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** The port the proxy listens on, once started. */
    public int port() {
        return server.port();
    }

    @Override
    protected void doStart() {
        server.start(address);
    }

    @Override
    protected void doStop() {
        server.close();
    }
}
