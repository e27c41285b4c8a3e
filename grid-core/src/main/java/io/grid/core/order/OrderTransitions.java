package io.grid.core.order;

import io.grid.api.Order;
import io.grid.api.OrderState;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The order state machine:
 * {@code CREATED → ACTIVE → COMPLETED | CANCELLED}, where a created or active order may be cancelled, and a
 * completed or cancelled order is settled exactly once. {@code CREATED → ACTIVE} happens on chain alone (the
 * gateway's {@code acceptOrder} starts the service), so it has no method here.
 *
 * <p>Each method returns the order after the action and never changes its argument (records are
 * immutable). A refused action throws {@link IllegalOrderTransitionException}; an instant earlier
 * than what the order already records throws {@link IllegalArgumentException}, because clocks
 * that run backwards are a caller's bug, not an order's state.
 */
public final class OrderTransitions {

    private OrderTransitions() {
    }

    /** {@code ACTIVE → COMPLETED}, only once the ordered duration has run out. */
    public static Order complete(Order order, Instant at) {
        requireNotBeforeLastEvent(order, at);
        requireState(order, OrderAction.COMPLETE, OrderState.ACTIVE);
        if (order.startedAt() == null) {
            throw new IllegalArgumentException("an active order must record when it started");
        }
        // Compared as elapsed seconds rather than via scheduledEnd(): start + duration may lie
        // beyond Instant.MAX for absurd durations, the elapsed time never does.
        if (Duration.between(order.startedAt(), at).getSeconds() < order.durationSeconds()) {
            throw new IllegalOrderTransitionException(order.id(), order.state(), OrderAction.COMPLETE,
                    "the ordered duration has not run out yet");
        }
        return with(order, OrderState.COMPLETED, order.startedAt(), at, false);
    }

    /** {@code CREATED | ACTIVE → CANCELLED}; the order ends at {@code at}. */
    public static Order cancel(Order order, Instant at) {
        requireNotBeforeLastEvent(order, at);
        requireState(order, OrderAction.CANCEL, OrderState.CREATED, OrderState.ACTIVE);
        return with(order, OrderState.CANCELLED, order.startedAt(), at, false);
    }

    /** Marks a completed or cancelled order as settled; settling twice is refused. */
    public static Order settle(Order order) {
        requireOrder(order);
        requireState(order, OrderAction.SETTLE, OrderState.COMPLETED, OrderState.CANCELLED);
        if (order.settled()) {
            throw new IllegalOrderTransitionException(order.id(), order.state(), OrderAction.SETTLE,
                    "the order is already settled");
        }
        return with(order, order.state(), order.startedAt(), order.endedAt(), true);
    }

    private static void requireState(Order order, OrderAction action, OrderState... allowed) {
        for (OrderState state : allowed) {
            if (order.state() == state) {
                return;
            }
        }
        throw new IllegalOrderTransitionException(order.id(), order.state(), action,
                "allowed only from " + Arrays.toString(allowed));
    }

    private static void requireNotBeforeLastEvent(Order order, Instant at) {
        requireOrder(order);
        if (at == null) {
            throw new IllegalArgumentException("the time of the transition is required");
        }
        if (at.isBefore(order.createdAt())) {
            throw new IllegalArgumentException("the time of the transition lies before the order's creation");
        }
        if (order.startedAt() != null && at.isBefore(order.startedAt())) {
            throw new IllegalArgumentException("the time of the transition lies before the order's start");
        }
    }

    private static void requireOrder(Order order) {
        if (order == null) {
            throw new IllegalArgumentException("order is required");
        }
    }

    private static Order with(Order order, OrderState state, Instant startedAt, Instant endedAt, boolean settled) {
        return new Order(order.id(), order.user(), order.provider(), order.resources(), order.durationSeconds(),
                order.cost(), state, order.createdAt(), startedAt, endedAt, settled);
    }
}
