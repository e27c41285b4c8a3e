package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UnitPricesTest {

    private static final BigInteger ABOVE_UINT256 = BigInteger.TWO.pow(256);

    @Test
    void buildsFromLongs() {
        assertThat(UnitPrices.of(1, 2, 3, 4)).isEqualTo(new UnitPrices(BigInteger.ONE, BigInteger.TWO,
                BigInteger.valueOf(3), BigInteger.valueOf(4)));
    }

    @Test
    void acceptsUint256Max() {
        BigInteger max = ABOVE_UINT256.subtract(BigInteger.ONE);

        assertThat(new UnitPrices(max, max, max, max).perGpu()).isEqualTo(max);
    }

    @Test
    void refusesNegativePrices() {
        assertThatThrownBy(() -> UnitPrices.of(-1, 0, 0, 0)).hasMessage("perCpuMillicore must not be negative");
        assertThatThrownBy(() -> UnitPrices.of(0, -1, 0, 0)).hasMessage("perMemoryMib must not be negative");
        assertThatThrownBy(() -> UnitPrices.of(0, 0, -1, 0)).hasMessage("perStorageGib must not be negative");
        assertThatThrownBy(() -> UnitPrices.of(0, 0, 0, -1)).hasMessage("perGpu must not be negative");
    }

    @Test
    void refusesPricesAboveUint256() {
        assertThatThrownBy(() -> new UnitPrices(ABOVE_UINT256, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("perCpuMillicore does not fit in uint256");
    }

    @Test
    void refusesMissingPrice() {
        assertThatThrownBy(() -> new UnitPrices(BigInteger.ONE, null, BigInteger.ONE, BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("perMemoryMib is missing");
    }
}
