package io.grid.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class Uint256Test {

    @Test
    void maxIsTwoToThe256MinusOne() {
        assertThat(Uint256.MAX.bitLength()).isEqualTo(256);
        assertThat(Uint256.MAX.add(BigInteger.ONE)).isEqualTo(BigInteger.TWO.pow(256));
    }

    @Test
    void acceptsZeroAndMax() {
        assertThat(Uint256.require(BigInteger.ZERO, "amount")).isZero();
        assertThat(Uint256.require(Uint256.MAX, "amount")).isEqualTo(Uint256.MAX);
    }

    @Test
    void refusesMissingValue() {
        assertThatThrownBy(() -> Uint256.require(null, "amount"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("amount is missing");
    }

    @Test
    void refusesNegativeValue() {
        assertThatThrownBy(() -> Uint256.require(BigInteger.valueOf(-1), "amount"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("amount must not be negative");
    }

    @Test
    void refusesValueAboveMax() {
        assertThatThrownBy(() -> Uint256.require(Uint256.MAX.add(BigInteger.ONE), "amount"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("amount does not fit in uint256");
    }
}
