package io.grid.core.money;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;

/**
 * What an order costs: {@code (Σ quantity × unit price) × durationSeconds}, in token base units.
 *
 * <p>The result is exact (BigInteger, no rounding, no overflow). It may exceed {@link Uint256#MAX}
 * for absurd prices; such an order can never be paid, and the {@link io.grid.api.Order} record
 * refuses a cost that does not fit in uint256.
 */
public final class Pricing {

    private Pricing() {
    }

    /**
     * The cost of holding {@code resources} for {@code durationSeconds} at {@code prices}.
     *
     * @throws IllegalArgumentException when resources or prices are missing or the duration is below one second
     */
    public static BigInteger cost(Resources resources, UnitPrices prices, long durationSeconds) {
        if (resources == null) {
            throw new IllegalArgumentException("resources are missing");
        }
        if (prices == null) {
            throw new IllegalArgumentException("prices are missing");
        }
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("durationSeconds must be at least 1");
        }
        BigInteger perSecond = BigInteger.valueOf(resources.cpuMillicores()).multiply(prices.perCpuMillicore())
                .add(BigInteger.valueOf(resources.memoryMib()).multiply(prices.perMemoryMib()))
                .add(BigInteger.valueOf(resources.storageGib()).multiply(prices.perStorageGib()))
                .add(BigInteger.valueOf(resources.gpuCount()).multiply(prices.perGpu()));
        return perSecond.multiply(BigInteger.valueOf(durationSeconds));
    }
}
