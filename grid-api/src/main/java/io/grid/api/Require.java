package io.grid.api;

import java.math.BigInteger;

/** Argument checks shared by the records of this package. */
final class Require {

    /** The largest value a Solidity {@code uint256} can hold. */
    static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private Require() {
    }

    static void notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }

    static BigInteger amount(BigInteger value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        if (value.compareTo(UINT256_MAX) > 0) {
            throw new IllegalArgumentException(name + " does not fit in uint256");
        }
        return value;
    }

    static <T> T present(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    static String text(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
        return value.strip();
    }
}
