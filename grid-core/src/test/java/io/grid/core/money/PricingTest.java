package io.grid.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void sumsEveryResourceTimesItsPriceTimesDuration() {
        Resources resources = new Resources(500, 1_024, 10, 2, "A100");
        UnitPrices prices = UnitPrices.of(3, 5, 7, 11);

        BigInteger cost = Pricing.cost(resources, prices, 60);

        // (500*3 + 1024*5 + 10*7 + 2*11) * 60 = (1500 + 5120 + 70 + 22) * 60
        assertThat(cost).isEqualTo(BigInteger.valueOf(6_712L * 60));
    }

    @Test
    void costsNothingForNoResources() {
        assertThat(Pricing.cost(Resources.NONE, UnitPrices.of(9, 9, 9, 9), 3_600)).isZero();
    }

    @Test
    void costsOneSecondForDurationOne() {
        assertThat(Pricing.cost(Resources.of(1, 0, 0), UnitPrices.of(42, 0, 0, 0), 1)).isEqualTo(BigInteger.valueOf(42));
    }

    @Test
    void staysExactWhereLongArithmeticWouldOverflow() {
        Resources resources = new Resources(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, "H100");
        BigInteger max = Uint256.MAX;
        UnitPrices prices = new UnitPrices(max, max, max, max);

        BigInteger cost = Pricing.cost(resources, prices, Long.MAX_VALUE);

        BigInteger expected = BigInteger.valueOf(Long.MAX_VALUE).multiply(max).multiply(BigInteger.valueOf(4))
                .multiply(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(cost).isEqualTo(expected).isGreaterThan(Uint256.MAX);
    }

    @Test
    void refusesZeroDuration() {
        assertThatThrownBy(() -> Pricing.cost(Resources.of(1, 1, 1), UnitPrices.of(1, 1, 1, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationSeconds");
    }

    @Test
    void refusesNegativeDuration() {
        assertThatThrownBy(() -> Pricing.cost(Resources.of(1, 1, 1), UnitPrices.of(1, 1, 1, 1), -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationSeconds");
    }

    @Test
    void refusesMissingResources() {
        assertThatThrownBy(() -> Pricing.cost(null, UnitPrices.of(1, 1, 1, 1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resources");
    }

    @Test
    void refusesMissingPrices() {
        assertThatThrownBy(() -> Pricing.cost(Resources.of(1, 1, 1), null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prices");
    }
}
