package io.grid.core.order;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import java.math.BigInteger;
import java.time.Instant;

/** Orders in each state, for tests; start and end times are consistent with the state. */
public final class TestOrders {

    public static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    public static final Address PROVIDER = Address.of("0x2222222222222222222222222222222222222222");
    public static final Instant CREATED_AT = Instant.parse("2025-01-01T00:00:00Z");
    public static final Instant STARTED_AT = CREATED_AT.plusSeconds(60);
    public static final long DURATION = 3_600;
    public static final Resources RESOURCES = Resources.of(500, 1_024, 10);
    public static final BigInteger COST = BigInteger.valueOf(3_600_000);

    private TestOrders() {
    }

    /** An order in {@code state}, with startedAt/endedAt as that state implies. */
    public static Order inState(OrderState state) {
        Instant started = state == OrderState.ACTIVE || state == OrderState.COMPLETED || state == OrderState.CANCELLED
                ? STARTED_AT : null;
        Instant ended = state.isFinal() ? STARTED_AT.plusSeconds(DURATION) : null;
        return new Order(BigInteger.valueOf(7), USER, PROVIDER, RESOURCES, DURATION, COST, state, CREATED_AT,
                started, ended, false);
    }

    /** A created order with the given resources, cost and duration. */
    public static Order created(Resources resources, BigInteger cost, long durationSeconds) {
        return new Order(BigInteger.valueOf(7), USER, PROVIDER, resources, durationSeconds, cost, OrderState.CREATED,
                CREATED_AT, null, null, false);
    }
}
