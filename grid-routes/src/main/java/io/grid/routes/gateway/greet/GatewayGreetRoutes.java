package io.grid.routes.gateway.greet;

import static io.grid.routes.GridRoutes.*;

import io.grid.api.Address;
import io.grid.api.GreetRequest;
import io.grid.api.SignInText;
import io.grid.routes.gateway.OrderIds;
import io.grid.routes.http.ApiExamples;
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
                .post("/greet").routeId(restRouteId(GATEWAY_GREET)).type(GreetRequest.class)
                .description("Greet type 0 (capacity, payment), 1 (payee: accepts the order) or 2 (sign-in)")
                .consumes("application/json").produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The order's state; type 2 also sets the session cookie and "
                        + "returns its bearer token")
                .responseModel(SignedIn.class)
                .example("greet", ApiExamples.GREET).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_ORDER_ID, "
                        + "MALFORMED_MESSAGE, MALFORMED_SIGNATURE"))
                .responseMessage(problem(401, "SIGNATURE_MISMATCH, WRONG_DOMAIN, WRONG_CHAIN, "
                        + "WRONG_ORDER, UNKNOWN_NONCE, NONCE_REPLAYED, MESSAGE_EXPIRED"))
                .responseMessage(problem(402, "UNDERPAID"))
                .responseMessage(problem(403, "WRONG_PAYEE, NOT_ORDER_USER"))
                .responseMessage(problem(404, "UNKNOWN_ORDER"))
                .responseMessage(problem(409, "INSUFFICIENT_CAPACITY, OTHER_PROVIDER, "
                        + "ORDER_NOT_OPEN, ORDER_NOT_ACCEPTED, ORDER_TOO_SMALL, ACCEPT_FAILED"))
                .responseMessage(problem(410, "ORDER_EXPIRED, ORDER_ENDED"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(GATEWAY_GREET))
                .get("/orders/{orderId}/nonce").routeId(restRouteId(GATEWAY_SIGN_IN_NONCE))
                .description("A single-use nonce for the order's sign-in message")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The nonce and what the sign-in message must name")
                .responseModel(SignInNonce.class)
                .example("nonce", ApiExamples.NONCE).endResponseMessage()
                .responseMessage(problem(400, "INVALID_ORDER_ID (not a uint256)"))
                .responseMessage(problem(404, "UNKNOWN_ORDER"))
                .responseMessage(problem(409, "ORDER_NOT_ACCEPTED (greet type 1 first)"))
                .responseMessage(problem(410, "ORDER_ENDED"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(GATEWAY_SIGN_IN_NONCE))
                .get("/orders/{orderId}/sign-in").routeId(restRouteId(GATEWAY_SIGN_IN_TEXT))
                .description("The exact ERC-4361 text to personal_sign for the order, and the greet type 2 request")
                .produces("application/json,application/problem+json").outType(SignInText.class)
                .responseMessage().code(200).message("The text to personal_sign and the greet request to send it with")
                .responseModel(SignInText.class)
                .example("sign-in", ApiExamples.SIGN_IN_TEXT).endResponseMessage()
                .param().name("address").type(RestParamType.query).required(true).endParam()
                .responseMessage(problem(400, "BAD_REQUEST (no address), INVALID_INPUT"))
                .responseMessage(problem(403, "NOT_ORDER_USER"))
                .responseMessage(problem(409, "ORDER_NOT_ACCEPTED (greet type 1 first)"))
                .responseMessage(problem(410, "ORDER_ENDED"))
                .to(stepUri(GATEWAY_SIGN_IN_TEXT));

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

        step(GATEWAY_SIGN_IN_TEXT)
                .process(this::signInText);

        step(GATEWAY_SIGN_IN_NONCE)
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
