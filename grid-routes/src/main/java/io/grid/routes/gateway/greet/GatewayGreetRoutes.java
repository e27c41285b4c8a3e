package io.grid.routes.gateway.greet;

import static io.grid.routes.GridRoutes.*;

import io.grid.api.GreetRequest;
import io.grid.routes.gateway.OrderIds;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import org.apache.camel.Exchange;

import java.io.InputStream;

/**
 * The gateway's greet steps over HTTP:
 * <ul>
 *   <li>{@code POST /gateway/greet} with a {@code GreetRequest} ({@code type} 0, 1 or 2) goes to
 *       {@code direct:grid-gateway-greet}, which hands the parsed request to
 *       {@code direct:grid-gateway-greet-0}, {@code -1} or {@code -2};</li>
 *   <li>{@code GET /gateway/orders/{orderId}/nonce} goes to {@code direct:grid-gateway-sign-in-nonce}.</li>
 * </ul>
 * Every refusal is a 4xx problem+json with the reason code (see {@link io.grid.core.refusal.Refusal}).
 */
public class GatewayGreetRoutes extends GridRouteBuilder {

    private final Greeter greeter;

    public GatewayGreetRoutes(Json json, Problems problems, Greeter greeter) {
        super(json, problems);
        this.greeter = greeter;
    }

    @Override
    protected void routes() {
        rest("/gateway")
                .post("/greet").routeId(restRouteId(GATEWAY_GREET)).to(stepUri(GATEWAY_GREET))
                .get("/orders/{orderId}/nonce").routeId(restRouteId(GATEWAY_SIGN_IN_NONCE))
                .to(stepUri(GATEWAY_SIGN_IN_NONCE));

        step(GATEWAY_GREET)
                .process(this::readRequest)
                .choice()
                    .when(header(HEADER_GREET_TYPE).isEqualTo(0)).to(stepUri(GATEWAY_GREET_RESOURCES_AND_PAYMENT))
                    .when(header(HEADER_GREET_TYPE).isEqualTo(1)).to(stepUri(GATEWAY_GREET_PAYEE))
                    .otherwise().to(stepUri(GATEWAY_GREET_SIGN_IN))
                .end();

        step(GATEWAY_GREET_RESOURCES_AND_PAYMENT)
                .process(e -> respond(e, 200, greeter.resourcesAndPayment(request(e).orderId())));

        step(GATEWAY_GREET_PAYEE)
                .process(e -> respond(e, 200, greeter.payee(request(e).orderId())));

        step(GATEWAY_GREET_SIGN_IN)
                .process(this::signIn);

        step(GATEWAY_SIGN_IN_NONCE)
                .process(e -> {
                    respond(e, 200, greeter.nonce(OrderIds.of(e)));
                    e.getMessage().setHeader("Cache-Control", "no-store");
                });
    }

    private void readRequest(Exchange exchange) {
        GreetRequest request = json.read(exchange.getIn().getBody(InputStream.class), GreetRequest.class);
        exchange.getMessage().setBody(request);
        exchange.getMessage().setHeader(HEADER_GREET_TYPE, request.type().code());
    }

    private void signIn(Exchange exchange) {
        SignedIn signedIn = greeter.signIn(request(exchange));
        respond(exchange, 200, signedIn);
        exchange.getMessage().setHeader("Set-Cookie", greeter.setCookie(signedIn));
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    private static GreetRequest request(Exchange exchange) {
        return exchange.getIn().getBody(GreetRequest.class);
    }
}
