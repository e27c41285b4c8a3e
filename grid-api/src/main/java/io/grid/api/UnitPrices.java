package io.grid.api;

import java.math.BigInteger;

/**
 * A provider's prices, in token base units per resource unit per second.
 *
 * @param perCpuMillicore price of one CPU millicore for one second
 * @param perMemoryMib    price of one MiB of memory for one second
 * @param perStorageGib   price of one GiB of storage for one second
 * @param perGpu          price of one GPU for one second
 */
public record UnitPrices(@Uint(256) BigInteger perCpuMillicore, @Uint(256) BigInteger perMemoryMib,
                         @Uint(256) BigInteger perStorageGib, @Uint(256) BigInteger perGpu) {

    public UnitPrices {
        Require.amount(perCpuMillicore, "perCpuMillicore");
        Require.amount(perMemoryMib, "perMemoryMib");
        Require.amount(perStorageGib, "perStorageGib");
        Require.amount(perGpu, "perGpu");
    }

    /** Convenience factory from {@code long} values. */
    public static UnitPrices of(long perCpuMillicore, long perMemoryMib, long perStorageGib, long perGpu) {
        return new UnitPrices(BigInteger.valueOf(perCpuMillicore), BigInteger.valueOf(perMemoryMib),
                BigInteger.valueOf(perStorageGib), BigInteger.valueOf(perGpu));
    }
}
