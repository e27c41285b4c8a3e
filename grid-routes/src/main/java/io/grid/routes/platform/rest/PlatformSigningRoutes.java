package io.grid.routes.platform.rest;

import static io.grid.routes.GridRoutes.*;

import io.grid.api.Address;
import io.grid.api.CreditBalance;
import io.grid.api.Problem;
import io.grid.api.SignatureRequest;
import io.grid.routes.http.ApiExamples;
import io.grid.routes.http.BadRequestException;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.HttpProblemException;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.platform.rest.SigningRequests.UnsignedCancellation;
import io.grid.routes.platform.rest.SigningRequests.UnsignedDeregistration;
import io.grid.routes.platform.rest.SigningRequests.UnsignedOrder;
import io.grid.routes.platform.rest.SigningRequests.UnsignedTerms;
import io.grid.routes.platform.rest.SigningRequests.UnsignedWithdrawal;
import io.grid.routes.platform.rest.SigningRequests.WithdrawRequest;
import io.grid.routes.platform.service.Credits;
import io.grid.routes.platform.service.SignableActions;
import java.io.InputStream;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.model.rest.RestParamType;

/**
 * What a wallet signs, over HTTP: {@code POST /typed-data/{action}} answers the EIP-712 typed data of one action
 * (filled with the signer's nonce and a deadline) and the request to send with the signature, and
 * {@code POST /credits/{user}/withdraw} relays a signed credit withdrawal. Each REST route hands over to a
 * {@code direct:grid-platform-...} step, like the rest of the platform's API.
 */
public class PlatformSigningRoutes extends GridRouteBuilder {

    /** The actions {@code POST /typed-data/{action}} knows. */
    public static final List<String> ACTIONS = List.of("register-provider", "update-provider",
            "deregister-provider", "create-order", "cancel-order", "withdraw-credits");

    private final SignableActions actions;
    private final Credits credits;

    public PlatformSigningRoutes(Json json, Problems problems, SignableActions actions, Credits credits) {
        super(json, problems);
        this.actions = actions;
        this.credits = credits;
    }

    @Override
    protected void routes() {
        rest("/typed-data").description("EIP-712 typed data to sign for each relayed action")
                .post("/{action}").routeId(restRouteId(PLATFORM_TYPED_DATA))
                .description("The typed data to sign with eth_signTypedData_v4 and the request to send the signature with")
                .consumes("application/json").produces("application/json,application/problem+json").outType(SignatureRequest.class)
                .responseMessage().code(200).message("The typed data to sign and the request to send")
                .responseModel(SignatureRequest.class)
                .example("withdraw-credits", ApiExamples.SIGNATURE_REQUEST).endResponseMessage()
                .param().name("action").type(RestParamType.path).required(true)
                .allowableValues(ACTIONS).endParam()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_<FIELD> (a number out "
                        + "of its on-chain range)"))
                .responseMessage(problem(404, "UNKNOWN_ACTION, NOT_FOUND (the provider of an order)"))
                .responseMessage(problem(409, "INSUFFICIENT_CAPACITY (the provider cannot serve the order)"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(PLATFORM_TYPED_DATA));
        rest("/credits").description("Credits bought with confirmed transfers")
                .post("/{user}/withdraw").routeId(restRouteId(PLATFORM_CREDIT_WITHDRAW))
                .description("Withdraw free credits as tokens to the user (signed WithdrawCredits)")
                .consumes("application/json").produces("application/json,application/problem+json").type(WithdrawRequest.class)
                .outType(CreditBalance.class)
                .responseMessage().code(200).message("The user's credits after the withdrawal")
                .responseModel(CreditBalance.class)
                .example("credits", ApiExamples.CREDITS).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_<FIELD>"))
                .responseMessage(problem(401, "SIGNATURE_MISMATCH, MESSAGE_EXPIRED, NONCE_REPLAYED, "
                        + "UNKNOWN_NONCE"))
                .responseMessage(problem(402, "INSUFFICIENT_CREDITS"))
                .responseMessage(problem(409, "CHAIN_REFUSED"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE, DATABASE_UNAVAILABLE"))
                .responseMessage(problem(504, "RELAY_PENDING"))
                .to(stepUri(PLATFORM_CREDIT_WITHDRAW));

        step(PLATFORM_TYPED_DATA)
                .process(this::typedData);
        step(PLATFORM_CREDIT_WITHDRAW)
                .process(e -> {
                    WithdrawRequest r = body(e, WithdrawRequest.class);
                    Address user = Address.of(e.getIn().getHeader("user", String.class));
                    if (!user.equals(r.user())) {
                        throw new BadRequestException("the user in the path and the user in the body differ");
                    }
                    respond(e, 200, credits.withdraw(r.user(), r.amount(), r.nonce(), r.deadline(), r.signature()));
                });
    }

    private void typedData(Exchange e) {
        String action = e.getIn().getHeader("action", String.class);
        Object answer = switch (action == null ? "" : action) {
            case "register-provider", "update-provider" -> {
                UnsignedTerms t = body(e, UnsignedTerms.class);
                yield actions.terms(action.equals("update-provider"), t.provider(), t.name(), t.gatewayUrl(),
                        t.capacity(), t.prices());
            }
            case "deregister-provider" -> actions.deregistration(body(e, UnsignedDeregistration.class).provider());
            case "create-order" -> {
                UnsignedOrder o = body(e, UnsignedOrder.class);
                yield actions.order(o.user(), o.provider(), o.resources(), o.durationSeconds());
            }
            case "cancel-order" -> {
                UnsignedCancellation c = body(e, UnsignedCancellation.class);
                yield actions.cancellation(c.user(), c.orderId());
            }
            case "withdraw-credits" -> {
                UnsignedWithdrawal w = body(e, UnsignedWithdrawal.class);
                yield actions.withdrawal(w.user(), w.amount());
            }
            default -> throw new HttpProblemException(Problem.of(404, "Not found", "UNKNOWN_ACTION",
                    "there is no action " + action + "; the actions are " + String.join(", ", ACTIONS)));
        };
        respond(e, 200, answer);
        e.getMessage().setHeader("Cache-Control", "no-store");
    }

    private <T> T body(Exchange exchange, Class<T> type) {
        return json.read(exchange.getIn().getBody(InputStream.class), type);
    }
}
