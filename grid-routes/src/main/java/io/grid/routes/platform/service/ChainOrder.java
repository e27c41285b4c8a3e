package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import java.math.BigInteger;
import java.time.Instant;

/**
 * An order as the Market contract holds it. The contract has no separate ACCEPTED state: accepting starts
 * service, so an accepted order reads as {@link OrderState#ACTIVE}.
 *
 * @param id              the order id
 * @param user            who pays
 * @param provider        who serves and is paid
 * @param resources       what was ordered (the GPU model is the provider's)
 * @param durationSeconds how long
 * @param startedAt       when service started, null before acceptance
 * @param state           the state
 * @param cost            what the user paid into escrow
 */
public record ChainOrder(BigInteger id, Address user, Address provider, Resources resources, long durationSeconds,
                         Instant startedAt, OrderState state, BigInteger cost) {

    /** True once the contract has settled it (completed or cancelled settle in the same transaction). */
    public boolean settled() {
        return state.isFinal();
    }
}
