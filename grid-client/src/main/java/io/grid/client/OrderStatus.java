package io.grid.client;

import io.grid.api.Address;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import java.math.BigInteger;
import java.time.Instant;

/**
 * An order as the platform shows it: its state and its settlement as of {@code asOf}.
 *
 * @param id              the order id
 * @param user            who ordered
 * @param provider        who serves
 * @param resources       what was ordered
 * @param durationSeconds for how long
 * @param state           its state on chain
 * @param cost            what it costs in token base units (held in escrow until settled)
 * @param startedAt       when the provider accepted it, or null
 * @param endedAt         when it ended, or null
 * @param settled         whether provider share and refund have been paid out
 * @param asOf            the time the settlement figures are computed for
 * @param servedSeconds   seconds served so far
 * @param providerShare   the provider's share so far
 * @param refund          the user's refund so far
 */
public record OrderStatus(BigInteger id, Address user, Address provider, Resources resources, long durationSeconds,
                          OrderState state, BigInteger cost, Instant startedAt, Instant endedAt, boolean settled,
                          Instant asOf, long servedSeconds, BigInteger providerShare, BigInteger refund) {

    /** @return true when the provider serves it now */
    public boolean isActive() {
        return state == OrderState.ACTIVE;
    }

    /** @return true when it has ended and its money has moved */
    public boolean isSettledEnd() {
        return state.isFinal() && settled;
    }
}
