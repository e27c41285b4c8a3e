package io.grid.routes.gateway.greet;

import io.grid.api.Address;
import io.grid.api.GreetRequest;
import io.grid.routes.gateway.OrderIds;
import io.grid.routes.http.BadRequestException;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import org.apache.camel.Exchange;
import org.apache.camel.model.rest.RestParamType;

import java.io.InputStream;

/**
 * The gateway's greet steps over HTTP:
 * <ul>
 *   <li>{@code POST /gateway/greet} with a {@code GreetRequest} ({@code type} 0, 1 or 2) goes to
 *       {@code direct:grid-gateway-greet}, which hands the parsed request to
 *       {@code direct:grid-gateway-greet-0}, {@code -1} or {@code -2};</li>
 *   <li>{@code GET /gateway/orders/{orderId}/nonce} goes to {@code direct:grid-gateway-sign-in-nonce};</li>
 *   <li>{@code GET /gateway/orders/{orderId}/sign-in?address=} goes to {@code direct:grid-gateway-sign-in-text}.</li>
 * </ul>
 * Every refusal is a 4xx problem+json with the reason code (see {@link io.grid.core.greet.Refusal}).
 */
public class GatewayGreetRoutes extends GridRouteBuilder {

    /** Parses a greet request and dispatches it by type. */
    public static final String GREET = "direct:grid-gateway-greet";
    /** Greet type 0, body: {@link GreetRequest}. */
    public static final String GREET_RESOURCES_AND_PAYMENT = "direct:grid-gateway-greet-0";
    /** Greet type 1, body: {@link GreetRequest}. */
    public static final String GREET_PAYEE = "direct:grid-gateway-greet-1";
    /** Greet type 2, body: {@link GreetRequest}. */
    public static final String GREET_SIGN_IN = "direct:grid-gateway-greet-2";
    /** Hands out a sign-in nonce; header {@code orderId}. */
    public static final String SIGN_IN_NONCE = "direct:grid-gateway-sign-in-nonce";

    /** Answers the sign-in text to sign; headers {@code orderId} and {@code address}. */
    public static final String SIGN_IN_TEXT = "direct:grid-gateway-sign-in-text";

    private static final String TYPE = "GridGreetType";

    private final Greeter greeter;

    public GatewayGreetRoutes(Json json, Problems problems, Greeter greeter) {
        super(json, problems);
        this.greeter = greeter;
    }

    @Override
    protected void routes() {
        rest("/gateway")
                .post("/greet").routeId("gateway-rest-greet").type(GreetRequest.class).to(GREET)
                .get("/orders/{orderId}/nonce").routeId("gateway-rest-sign-in-nonce").to(SIGN_IN_NONCE)
                .get("/orders/{orderId}/sign-in").routeId("gateway-rest-sign-in-text")
                .description("The exact ERC-4361 text to personal_sign for the order, and the greet type 2 request")
                .param().name("address").type(RestParamType.query).required(true).endParam()
                .to(SIGN_IN_TEXT);

        from(GREET).routeId("gateway-greet")
                .process(this::readRequest)
                .choice()
                    .when(header(TYPE).isEqualTo(0)).to(GREET_RESOURCES_AND_PAYMENT)
                    .when(header(TYPE).isEqualTo(1)).to(GREET_PAYEE)
                    .otherwise().to(GREET_SIGN_IN)
                .end();

        from(GREET_RESOURCES_AND_PAYMENT).routeId("gateway-greet-resources-and-payment")
                .process(e -> respond(e, 200, greeter.resourcesAndPayment(request(e).orderId())));

        from(GREET_PAYEE).routeId("gateway-greet-payee")
                .process(e -> respond(e, 200, greeter.payee(request(e).orderId())));

        from(GREET_SIGN_IN).routeId("gateway-greet-sign-in")
                .process(this::signIn);

        from(SIGN_IN_TEXT).routeId("gateway-sign-in-text")
                .process(this::signInText);

        from(SIGN_IN_NONCE).routeId("gateway-sign-in-nonce")
                .process(e -> {
                    respond(e, 200, greeter.nonce(OrderIds.of(e)));
                    e.getMessage().setHeader("Cache-Control", "no-store");
                });
    }

    private void signInText(Exchange exchange) {
        String address = exchange.getIn().getHeader("address", String.class);
        if (address == null || address.isBlank()) {
            throw new BadRequestException("the query parameter address is required");
        }
        respond(exchange, 200, greeter.signInText(OrderIds.of(exchange), Address.of(address)));
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    private void readRequest(Exchange exchange) {
        GreetRequest request = json.read(exchange.getIn().getBody(InputStream.class), GreetRequest.class);
        exchange.getMessage().setBody(request);
        exchange.getMessage().setHeader(TYPE, request.type().code());
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
