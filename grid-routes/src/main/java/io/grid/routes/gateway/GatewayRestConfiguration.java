package io.grid.routes.gateway;

import io.grid.routes.http.UintSchemas;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * Where the gateway's REST routes listen: Camel's REST configuration on netty-http. One Camel
 * context has one REST configuration, so an application that runs the platform's REST routes in the
 * same context adds this (or its own) once.
 */
public class GatewayRestConfiguration extends RouteBuilder {

    private final String host;
    private final int port;

    /**
     * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port the TCP port
     */
    public GatewayRestConfiguration(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void configure() {
        // Bodies are read and written by io.grid.routes.http.Json, which refuses unknown fields.
        // inlineRoutes(false): each direct: step stays a route of its own (an extension point), as with the platform.
        UintSchemas.install();
        restConfiguration().component("netty-http").host(host).port(port).bindingMode(RestBindingMode.off)
                .inlineRoutes(false).apiContextPath("/openapi.json")
                .apiProperty("api.title", "GRID gateway API").apiProperty("api.version", "1");
    }
}
