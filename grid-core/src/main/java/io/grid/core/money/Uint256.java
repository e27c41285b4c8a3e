package io.grid.core.money;

import java.math.BigInteger;

/** The range of a Solidity {@code uint256}, which every amount that reaches the chain must fit. */
public final class Uint256 {

    /** The largest value a {@code uint256} can hold: 2^256 - 1. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private Uint256() {
    }

    /**
     * Returns {@code value} when it is a valid on-chain amount; otherwise refuses it with
     * {@link IllegalArgumentException} naming {@code name}.
     */
    public static BigInteger require(BigInteger value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        if (value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " does not fit in uint256");
        }
        return value;
    }
}
