package io.grid.routes.gateway;

import io.grid.routes.gateway.tls.ServerTls;
import io.grid.routes.gateway.tls.TlsNettyHttpComponent;
import io.grid.routes.http.UintSchemas;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * Where the gateway's REST routes listen: Camel's REST configuration on netty-http. One Camel
 * context has one REST configuration, so an application that runs the platform's REST routes in the
 * same context adds this (or its own) once. With a {@link ServerTls}, every netty-http port of the context
 * serves HTTPS only.
 */
public class GatewayRestConfiguration extends RouteBuilder {

    private final String host;
    private final int port;
    private final ServerTls tls;

    /**
     * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port the TCP port
     */
    public GatewayRestConfiguration(String host, int port) {
        this(host, port, null);
    }

    /**
     * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port the TCP port
     * @param tls  the TLS to serve, or null for plain HTTP
     */
    public GatewayRestConfiguration(String host, int port, ServerTls tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    @Override
    public void configure() {
        // Bodies are read and written by io.grid.routes.http.Json, which refuses unknown fields.
        // inlineRoutes(false): each direct: step stays a route of its own (an extension point), as with the platform.
        // /openapi.json documents the gateway's REST operations and their request bodies, as the platform's does.
        UintSchemas.install();
        restConfiguration().component("netty-http").host(host).port(port).bindingMode(RestBindingMode.off)
                .inlineRoutes(false).apiContextPath("/openapi.json")
                .apiProperty("api.title", "GRID gateway API")
                .apiProperty("api.version", "1")
                .apiProperty("api.description", "A provider's gateway: greet and sign in for an order, deploy its app, "
                        + "read its status, logs and events. App endpoints need the order user's session.");
        if (tls != null) {
            // Every netty-http server of the context speaks TLS, whichever builder set the REST configuration.
            if (getContext().hasComponent("netty-http") != null) {
                getContext().removeComponent("netty-http");
            }
            getContext().addComponent("netty-http", new TlsNettyHttpComponent(tls));
        }
    }
}
