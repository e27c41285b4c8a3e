package io.grid.api;

import java.math.BigInteger;
import java.time.Instant;

/**
 * An order of resources from one provider for a fixed duration, paid in full into escrow up front.
 *
 * @param id              the order id, as on chain
 * @param user            who ordered and paid
 * @param provider        the provider (payee)
 * @param resources       what was ordered
 * @param durationSeconds how long, at least one second
 * @param cost            the full price, in token base units
 * @param state           where the order is in its life
 * @param createdAt       when it was created
 * @param startedAt       when serving began (null until the order is active)
 * @param endedAt         when it completed or was cancelled (null before)
 * @param settled         true once provider share and refund have been paid out
 */
public record Order(BigInteger id, Address user, Address provider, Resources resources, long durationSeconds,
                    BigInteger cost, OrderState state, Instant createdAt, Instant startedAt, Instant endedAt,
                    boolean settled) {

    public Order {
        Require.amount(id, "id");
        Require.present(user, "user");
        Require.present(provider, "provider");
        Require.present(resources, "resources");
        if (durationSeconds <= 0) {
            throw new IllegalArgumentException("durationSeconds must be at least 1");
        }
        Require.amount(cost, "cost");
        Require.present(state, "state");
        Require.present(createdAt, "createdAt");
    }

    /** The moment the ordered duration runs out, or null while the order has not started. */
    public Instant scheduledEnd() {
        return startedAt == null ? null : startedAt.plusSeconds(durationSeconds);
    }
}
