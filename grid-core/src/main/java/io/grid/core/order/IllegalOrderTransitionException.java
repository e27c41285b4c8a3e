package io.grid.core.order;

import io.grid.api.OrderState;
import java.math.BigInteger;
import java.util.Locale;

/**
 * An action was attempted on an order in a state (or at a time) that does not allow it. The HTTP
 * layer answers it with 409 Conflict.
 */
public class IllegalOrderTransitionException extends IllegalStateException {

    private final BigInteger orderId;
    private final OrderState from;
    private final OrderAction action;

    public IllegalOrderTransitionException(BigInteger orderId, OrderState from, OrderAction action, String detail) {
        super("cannot " + action.name().toLowerCase(Locale.ROOT) + " order " + orderId
                + " in state " + from + ": " + detail);
        this.orderId = orderId;
        this.from = from;
        this.action = action;
    }

    /** The order the action was attempted on. */
    public BigInteger orderId() {
        return orderId;
    }

    /** The state the order was in. */
    public OrderState from() {
        return from;
    }

    /** The action that was refused. */
    public OrderAction action() {
        return action;
    }
}
