package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CreditBalanceTest {

    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");

    @Test
    void holdsAvailableAndEscrowedCredits() {
        CreditBalance balance = new CreditBalance(USER, BigInteger.TEN, BigInteger.ONE);

        assertThat(balance.available()).isEqualTo(BigInteger.TEN);
        assertThat(balance.escrowed()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void refusesNegativeCredits() {
        assertThatThrownBy(() -> new CreditBalance(USER, BigInteger.valueOf(-1), BigInteger.ZERO))
                .hasMessage("available must not be negative");
        assertThatThrownBy(() -> new CreditBalance(USER, BigInteger.ZERO, BigInteger.valueOf(-1)))
                .hasMessage("escrowed must not be negative");
    }

    @Test
    void refusesCreditsAboveUint256() {
        assertThatThrownBy(() -> new CreditBalance(USER, BigInteger.TWO.pow(256), BigInteger.ZERO))
                .hasMessage("available does not fit in uint256");
    }

    @Test
    void refusesMissingUser() {
        assertThatThrownBy(() -> new CreditBalance(null, BigInteger.ZERO, BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("user is missing");
    }
}
