package io.grid.core.money;

import static io.grid.core.order.TestOrders.COST;
import static io.grid.core.order.TestOrders.DURATION;
import static io.grid.core.order.TestOrders.STARTED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.core.money.Settlement.Split;
import io.grid.core.order.OrderTransitions;
import io.grid.core.order.TestOrders;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    @Test
    void paysProviderForServedFractionRoundedDown() {
        assertThat(Settlement.providerShare(HUNDRED, 3, 1)).isEqualTo(BigInteger.valueOf(33));
        assertThat(Settlement.providerShare(HUNDRED, 3, 2)).isEqualTo(BigInteger.valueOf(66));
    }

    @Test
    void paysNothingForNothingServed() {
        assertThat(Settlement.providerShare(HUNDRED, 3, 0)).isZero();
    }

    @Test
    void clampsNegativeServedTimeToZero() {
        assertThat(Settlement.providerShare(HUNDRED, 3, -1)).isZero();
        assertThat(Settlement.providerShare(HUNDRED, 3, Long.MIN_VALUE)).isZero();
    }

    @Test
    void clampsServedTimeBeyondDurationToFullCost() {
        assertThat(Settlement.providerShare(HUNDRED, 3, 4)).isEqualTo(HUNDRED);
        assertThat(Settlement.providerShare(HUNDRED, 3, Long.MAX_VALUE)).isEqualTo(HUNDRED);
    }

    @Test
    void halvesUint256MaxWithoutOverflow() {
        BigInteger share = Settlement.providerShare(Uint256.MAX, 2, 1);

        // floor((2^256 - 1) / 2) = 2^255 - 1
        assertThat(share).isEqualTo(BigInteger.TWO.pow(255).subtract(BigInteger.ONE));
    }

    @Test
    void refusesCostAboveUint256() {
        assertThatThrownBy(() -> Settlement.providerShare(Uint256.MAX.add(BigInteger.ONE), 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint256");
    }

    @Test
    void refusesNegativeCost() {
        assertThatThrownBy(() -> Settlement.providerShare(BigInteger.valueOf(-1), 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void refusesMissingCost() {
        assertThatThrownBy(() -> Settlement.providerShare(null, 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost");
    }

    @Test
    void refusesZeroDuration() {
        assertThatThrownBy(() -> Settlement.providerShare(HUNDRED, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> Settlement.at(HUNDRED, 0, STARTED_AT, STARTED_AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationSeconds");
    }

    @Test
    void splitsAtHalfTime() {
        Split split = Settlement.at(COST, DURATION, STARTED_AT, STARTED_AT.plusSeconds(DURATION / 2));

        assertThat(split).isEqualTo(new Split(DURATION / 2, COST.divide(BigInteger.TWO), COST.divide(BigInteger.TWO)));
    }

    @Test
    void countsOnlyWholeElapsedSeconds() {
        Split split = Settlement.at(HUNDRED, 10, STARTED_AT, STARTED_AT.plusMillis(1_999));

        assertThat(split.servedSeconds()).isEqualTo(1);
        assertThat(split.providerShare()).isEqualTo(BigInteger.TEN);
    }

    @Test
    void paysNothingWhenSettledBeforeStart() {
        Split split = Settlement.at(HUNDRED, 10, STARTED_AT, STARTED_AT.minusMillis(1));

        assertThat(split).isEqualTo(new Split(0, BigInteger.ZERO, HUNDRED));
    }

    @Test
    void paysFullCostWhenSettledAfterEnd() {
        Split split = Settlement.at(HUNDRED, 10, STARTED_AT, STARTED_AT.plusSeconds(1_000));

        assertThat(split).isEqualTo(new Split(10, HUNDRED, BigInteger.ZERO));
    }

    @Test
    void refusesMissingInstants() {
        assertThatThrownBy(() -> Settlement.at(HUNDRED, 10, null, STARTED_AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settlement.at(HUNDRED, 10, STARTED_AT, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refundsEverythingForAnOrderThatNeverStarted() {
        Order created = TestOrders.inState(OrderState.CREATED);

        Split split = Settlement.of(created, STARTED_AT.plusSeconds(10 * DURATION));

        assertThat(split).isEqualTo(new Split(0, BigInteger.ZERO, COST));
    }

    @Test
    void stopsCountingAtTheEndOfACancelledOrder() {
        Order active = TestOrders.inState(OrderState.ACTIVE);
        Order cancelled = OrderTransitions.cancel(active, STARTED_AT.plusSeconds(DURATION / 4));

        Split split = Settlement.of(cancelled, STARTED_AT.plusSeconds(DURATION));

        assertThat(split.servedSeconds()).isEqualTo(DURATION / 4);
        assertThat(split.providerShare()).isEqualTo(COST.divide(BigInteger.valueOf(4)));
        assertThat(split.refund()).isEqualTo(COST.subtract(COST.divide(BigInteger.valueOf(4))));
    }

    @Test
    void countsUpToTheGivenTimeWhenItPrecedesTheEnd() {
        Order cancelled = OrderTransitions.cancel(TestOrders.inState(OrderState.ACTIVE), STARTED_AT.plusSeconds(100));

        Split split = Settlement.of(cancelled, STARTED_AT.plusSeconds(40));

        assertThat(split.servedSeconds()).isEqualTo(40);
    }

    @Test
    void countsUpToNowForAnActiveOrder() {
        Order active = TestOrders.inState(OrderState.ACTIVE);

        Split split = Settlement.of(active, STARTED_AT.plusSeconds(36));

        assertThat(split).isEqualTo(new Split(36, BigInteger.valueOf(36_000), COST.subtract(BigInteger.valueOf(36_000))));
    }

    @Test
    void paysTheWholeCostForACompletedOrder() {
        Order completed = TestOrders.inState(OrderState.COMPLETED);

        Split split = Settlement.of(completed, STARTED_AT.plusSeconds(5 * DURATION));

        assertThat(split).isEqualTo(new Split(DURATION, COST, BigInteger.ZERO));
    }

    @Test
    void refusesMissingOrderOrTime() {
        assertThatThrownBy(() -> Settlement.of(null, STARTED_AT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settlement.of(TestOrders.inState(OrderState.ACTIVE), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitAddsUpToCost() {
        assertThat(new Split(3, BigInteger.ONE, BigInteger.TWO).cost()).isEqualTo(BigInteger.valueOf(3));
    }

    @Test
    void splitRefusesImpossibleValues() {
        assertThatThrownBy(() -> new Split(-1, BigInteger.ONE, BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servedSeconds");
        assertThatThrownBy(() -> new Split(1, BigInteger.valueOf(-1), BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("providerShare");
        assertThatThrownBy(() -> new Split(1, BigInteger.ONE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refund");
    }
}
