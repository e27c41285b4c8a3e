package io.grid.core.greet;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.core.money.Pricing;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

/**
 * The decisions a provider's gateway takes in greet steps 0 and 1, without I/O. Each check returns
 * normally when the order passes and throws {@link RefusedException} with a distinct
 * {@link Refusal} otherwise. Checks run in a fixed order, so one order always gets the same refusal.
 */
public final class GreetChecks {

    private GreetChecks() {
    }

    /**
     * Greet type 0: can this provider serve the order, and is it paid in full at this provider's prices?
     * In order: the order names this provider ({@link Refusal#OTHER_PROVIDER}), is open
     * ({@link Refusal#ORDER_NOT_OPEN}), has not expired ({@link Refusal#ORDER_EXPIRED}, see
     * {@link #expired(Order, Instant)}), fits into the free capacity ({@link Refusal#INSUFFICIENT_CAPACITY}),
     * and its escrowed cost is at least its price here ({@link Refusal#UNDERPAID}).
     */
    public static void resourcesAndPayment(Order order, Provider self, Resources freeCapacity, Instant now) {
        if (order == null || self == null || freeCapacity == null || now == null) {
            throw new IllegalArgumentException("order, self, freeCapacity and now are required");
        }
        if (!order.provider().equals(self.address())) {
            throw new RefusedException(Refusal.OTHER_PROVIDER,
                    "order " + order.id() + " is for provider " + order.provider() + ", not " + self.address());
        }
        requireOpen(order);
        if (expired(order, now)) {
            throw new RefusedException(Refusal.ORDER_EXPIRED, "order " + order.id() + " has expired");
        }
        if (!freeCapacity.covers(order.resources())) {
            throw new RefusedException(Refusal.INSUFFICIENT_CAPACITY,
                    "order " + order.id() + " does not fit into the free capacity: "
                            + ClusterInventory.shortfall(order.resources(), freeCapacity));
        }
        BigInteger price = Pricing.cost(order.resources(), self.prices(), order.durationSeconds());
        if (order.cost().compareTo(price) < 0) {
            throw new RefusedException(Refusal.UNDERPAID,
                    "order " + order.id() + " pays " + order.cost() + ", its price here is " + price);
        }
    }

    /**
     * Greet type 1: is {@code self} the order's payee ({@link Refusal#WRONG_PAYEE}), and is the order
     * still open ({@link Refusal#ORDER_NOT_OPEN})?
     */
    public static void payee(Order order, Address self) {
        if (order == null || self == null) {
            throw new IllegalArgumentException("order and self are required");
        }
        if (!order.provider().equals(self)) {
            throw new RefusedException(Refusal.WRONG_PAYEE,
                    "order " + order.id() + " pays " + order.provider() + ", not " + self);
        }
        requireOpen(order);
    }

    /**
     * True when the order's time is over at {@code now}: its duration has elapsed since it started,
     * or, for an order not started yet, since it was created. An order that waited for acceptance
     * longer than its own duration is stale; it should be cancelled and refunded, not started late.
     */
    public static boolean expired(Order order, Instant now) {
        Instant from = order.startedAt() != null ? order.startedAt() : order.createdAt();
        // Elapsed whole seconds rather than from + duration, which may lie beyond Instant.MAX.
        return Duration.between(from, now).getSeconds() >= order.durationSeconds();
    }

    private static void requireOpen(Order order) {
        if (order.state() != OrderState.CREATED) {
            throw new RefusedException(Refusal.ORDER_NOT_OPEN,
                    "order " + order.id() + " is " + order.state() + ", not CREATED");
        }
    }
}
