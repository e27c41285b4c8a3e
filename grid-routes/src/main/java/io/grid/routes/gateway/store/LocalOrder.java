package io.grid.routes.gateway.store;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;

import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * An order this gateway accepted, as it keeps it: the order as last seen on chain, the acceptance and
 * settlement transactions in its outbox, and the app deployed for it.
 *
 * @param orderId        the order
 * @param user           who ordered; the only address that may sign in to it
 * @param resources      what was ordered
 * @param durationSeconds how long
 * @param cost           the escrowed cost, in token base units
 * @param state          the order's state as last seen on chain
 * @param createdAt      when the order was created on chain
 * @param startedAt      when it became active on chain, or null before
 * @param acceptOutboxId the outbox row of its acceptOrder transaction
 * @param appSource      where its app came from ({@code template:<id>} or the YAML URL), or null
 * @param namespace      the namespace its app runs in, or null
 * @param entrance       where the proxy forwards its requests ({@code http://host:port}), or null
 * @param settleOutboxId the outbox row of its completeOrder transaction, or null when none was sent
 * @param tornDownAt     when the lifecycle job tore its namespace down, or null while it may run
 */
public record LocalOrder(BigInteger orderId, Address user, Resources resources, long durationSeconds, BigInteger cost,
                         OrderState state, Instant createdAt, Instant startedAt, Long acceptOutboxId,
                         String appSource, String namespace, URI entrance, Long settleOutboxId, Instant tornDownAt) {

    public LocalOrder {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** When the ordered time runs out, or null while the order has not started. */
    public Instant scheduledEnd() {
        return startedAt == null ? null : startedAt.plusSeconds(durationSeconds);
    }

    /** True while the order may be served at {@code now}: active on chain, started, not over, not torn down. */
    public boolean servable(Instant now) {
        return state == OrderState.ACTIVE && startedAt != null && tornDownAt == null && now.isBefore(scheduledEnd());
    }

    /** True while the order holds cluster capacity: accepted (or being accepted) and not torn down. */
    public boolean holdsCapacity() {
        return tornDownAt == null && !state.isFinal();
    }

    /** The order in the public model. */
    public Order toOrder(Address provider) {
        return new Order(orderId, user, provider, resources, durationSeconds, cost, state, createdAt, startedAt,
                null, false);
    }
}
