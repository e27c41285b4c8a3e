package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.core.money.Settlement;
import java.math.BigInteger;
import java.time.Instant;

/**
 * An order as the API shows it: the order, and how its cost splits at {@code asOf} (grid-core's settlement rule).
 *
 * @param id              order id
 * @param user            who pays
 * @param provider        who serves
 * @param resources       what was ordered
 * @param durationSeconds how long
 * @param state           where the order is
 * @param cost            paid into escrow
 * @param startedAt       when service started, null before
 * @param endedAt         when it completed or was cancelled, null before
 * @param settled         true once share and refund were paid out on chain
 * @param asOf            the chain time the split below is computed at
 * @param servedSeconds   seconds served so far
 * @param providerShare   the provider's share so far
 * @param refund          what the user gets back so far
 */
public record OrderView(BigInteger id, Address user, Address provider, Resources resources, long durationSeconds,
                        OrderState state, BigInteger cost, Instant startedAt, Instant endedAt, boolean settled,
                        Instant asOf, long servedSeconds, BigInteger providerShare, BigInteger refund) {

    /** The view of {@code order} at chain time {@code asOf}. */
    public static OrderView of(Order order, Instant asOf) {
        Settlement.Split split = Settlement.of(order, asOf);
        return new OrderView(order.id(), order.user(), order.provider(), order.resources(), order.durationSeconds(),
                order.state(), order.cost(), order.startedAt(), order.endedAt(), order.settled(), asOf,
                split.servedSeconds(), split.providerShare(), split.refund());
    }
}
