package io.grid.core.greet;

import io.grid.api.Resources;
import java.util.Collection;

/** What a provider's cluster can still promise to new orders. */
public final class Capacity {

    private Capacity() {
    }

    /**
     * The allocatable resources minus those held by active orders, never below zero in any quantity.
     * Held resources are subtracted one order at a time, so no sum can overflow; GPUs are counted
     * whatever model an order names, which errs on the side of promising too little.
     *
     * @throws IllegalArgumentException when an argument or an element of {@code heldByActiveOrders} is missing
     */
    public static Resources free(Resources allocatable, Collection<Resources> heldByActiveOrders) {
        if (allocatable == null || heldByActiveOrders == null) {
            throw new IllegalArgumentException("allocatable and heldByActiveOrders are required");
        }
        Resources free = allocatable;
        for (Resources held : heldByActiveOrders) {
            if (held == null) {
                throw new IllegalArgumentException("an active order holds no resources record");
            }
            free = free.minusFloorZero(held);
        }
        return free;
    }
}
