package io.grid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TokenAmountTest {

    @Test
    void writesBaseUnitsWithTheTokensDecimals() {
        assertThat(TokenAmount.format(new BigInteger("1500000000000000000"), 18)).isEqualTo("1.5");
        assertThat(TokenAmount.format(BigInteger.TEN.pow(21), 18)).isEqualTo("1000");
        assertThat(TokenAmount.format(BigInteger.ONE, 18)).isEqualTo("0.000000000000000001");
        assertThat(TokenAmount.format(BigInteger.ZERO, 18)).isEqualTo("0");
        assertThat(TokenAmount.format(BigInteger.valueOf(1234), 0)).isEqualTo("1234");
    }

    @Test
    void readsTokensIntoBaseUnits() {
        assertThat(TokenAmount.parse("1.5", 18)).isEqualTo(new BigInteger("1500000000000000000"));
        assertThat(TokenAmount.parse("1000", 18)).isEqualTo(BigInteger.TEN.pow(21));
        assertThat(TokenAmount.parse("0.000000000000000001", 18)).isEqualTo(BigInteger.ONE);
        assertThat(TokenAmount.parse("1_000", 6)).isEqualTo(BigInteger.valueOf(1_000_000_000L));
    }

    @Test
    void refusesWhatIsNoTokenAmount() {
        assertThatThrownBy(() -> TokenAmount.parse("-1", 18)).hasMessageContaining("negative");
        assertThatThrownBy(() -> TokenAmount.parse("0.0000000000000000001", 18)).hasMessageContaining("18 decimal");
        assertThatThrownBy(() -> TokenAmount.parse("ten", 18)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> TokenAmount.parse("1e400000000000", 18)).isInstanceOf(IllegalArgumentException.class);
    }
}
