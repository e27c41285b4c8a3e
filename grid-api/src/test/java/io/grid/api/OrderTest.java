package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTest {

    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address PROVIDER = Address.of("0x2222222222222222222222222222222222222222");
    private static final Resources RESOURCES = Resources.of(500, 1_024, 10);
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private static Order order(BigInteger id, long duration, BigInteger cost, Instant startedAt) {
        return new Order(id, USER, PROVIDER, RESOURCES, duration, cost, OrderState.CREATED, CREATED, startedAt,
                null, false);
    }

    @Test
    void endsOneDurationAfterItsStart() {
        Order started = order(BigInteger.ONE, 3_600, BigInteger.TEN, CREATED.plusSeconds(5));

        assertThat(started.scheduledEnd()).isEqualTo(CREATED.plusSeconds(3_605));
    }

    @Test
    void hasNoScheduledEndBeforeItStarts() {
        assertThat(order(BigInteger.ONE, 3_600, BigInteger.TEN, null).scheduledEnd()).isNull();
    }

    @Test
    void acceptsOneSecondAndZeroCost() {
        Order order = order(BigInteger.ZERO, 1, BigInteger.ZERO, null);

        assertThat(order.durationSeconds()).isEqualTo(1);
        assertThat(order.cost()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void refusesDurationBelowOneSecond(long duration) {
        assertThatThrownBy(() -> order(BigInteger.ONE, duration, BigInteger.TEN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("durationSeconds must be at least 1");
    }

    @Test
    void refusesNegativeCost() {
        assertThatThrownBy(() -> order(BigInteger.ONE, 60, BigInteger.valueOf(-1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cost must not be negative");
    }

    @Test
    void refusesCostAboveUint256() {
        assertThatThrownBy(() -> order(BigInteger.ONE, 60, BigInteger.TWO.pow(256), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cost does not fit in uint256");
    }

    @Test
    void refusesNegativeOrOversizedId() {
        assertThatThrownBy(() -> order(BigInteger.valueOf(-1), 60, BigInteger.TEN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id must not be negative");
        assertThatThrownBy(() -> order(BigInteger.TWO.pow(256), 60, BigInteger.TEN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id does not fit in uint256");
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new Order(BigInteger.ONE, null, PROVIDER, RESOURCES, 60, BigInteger.TEN,
                OrderState.CREATED, CREATED, null, null, false)).hasMessage("user is missing");
        assertThatThrownBy(() -> new Order(BigInteger.ONE, USER, null, RESOURCES, 60, BigInteger.TEN,
                OrderState.CREATED, CREATED, null, null, false)).hasMessage("provider is missing");
        assertThatThrownBy(() -> new Order(BigInteger.ONE, USER, PROVIDER, null, 60, BigInteger.TEN,
                OrderState.CREATED, CREATED, null, null, false)).hasMessage("resources is missing");
        assertThatThrownBy(() -> new Order(BigInteger.ONE, USER, PROVIDER, RESOURCES, 60, BigInteger.TEN,
                null, CREATED, null, null, false)).hasMessage("state is missing");
        assertThatThrownBy(() -> new Order(BigInteger.ONE, USER, PROVIDER, RESOURCES, 60, BigInteger.TEN,
                OrderState.CREATED, null, null, null, false)).hasMessage("createdAt is missing");
        assertThatThrownBy(() -> order(null, 60, BigInteger.TEN, null)).hasMessage("id is missing");
    }
}
