package io.grid.api;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A gateway's answer to a successful greet step.
 *
 * @param type          which greet step passed
 * @param orderId       the order concerned
 * @param state         the order's state after this step
 * @param cookieExpires type 2 only: when the issued cookie stops working
 */
public record GreetResponse(GreetType type, BigInteger orderId, OrderState state, Instant cookieExpires) {

    public GreetResponse {
        Require.present(type, "type");
        Require.amount(orderId, "orderId");
        Require.present(state, "state");
    }
}
