package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferTest {

    private static final String HASH = "0x" + "ab".repeat(32);
    private static final Address FROM = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address MARKET = Address.of("0x4444444444444444444444444444444444444444");

    private static Transfer transfer(String hash, long logIndex, BigInteger amount, long confirmations) {
        return new Transfer(hash, logIndex, FROM, MARKET, amount, confirmations, TransferState.PENDING);
    }

    @Test
    void normalisesTxHashToLowerCase() {
        Transfer transfer = transfer("0x" + "AB".repeat(32), 0, BigInteger.TEN, 0);

        assertThat(transfer.txHash()).isEqualTo(HASH);
        assertThat(Transfer.txHash("0x" + "aB".repeat(32))).isEqualTo(HASH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "ab", "0xabab", "0xzz00000000000000000000000000000000000000000000000000000000000000",
            "abababababababababababababababababababababababababababababababababab"})
    void refusesMalformedTxHash(String hash) {
        assertThatThrownBy(() -> Transfer.txHash(hash))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed txHash");
    }

    @Test
    void refusesTxHashOfWrongLength() {
        assertThatThrownBy(() -> Transfer.txHash(HASH + "0")).hasMessageContaining("malformed txHash");
        assertThatThrownBy(() -> Transfer.txHash(HASH.substring(0, 65))).hasMessageContaining("malformed txHash");
    }

    @Test
    void refusesMissingTxHash() {
        assertThatThrownBy(() -> transfer(null, 0, BigInteger.ONE, 0)).hasMessage("txHash is missing");
    }

    @Test
    void refusesNegativeAmountAndAmountAboveUint256() {
        assertThatThrownBy(() -> transfer(HASH, 0, BigInteger.valueOf(-1), 0)).hasMessage("amount must not be negative");
        assertThatThrownBy(() -> transfer(HASH, 0, BigInteger.TWO.pow(256), 0))
                .hasMessage("amount does not fit in uint256");
    }

    @Test
    void refusesNegativeLogIndexAndConfirmations() {
        assertThatThrownBy(() -> transfer(HASH, -1, BigInteger.ONE, 0)).hasMessage("logIndex must not be negative");
        assertThatThrownBy(() -> transfer(HASH, 0, BigInteger.ONE, -1)).hasMessage("confirmations must not be negative");
    }

    @Test
    void refusesMissingParties() {
        assertThatThrownBy(() -> new Transfer(HASH, 0, null, MARKET, BigInteger.ONE, 0, TransferState.PENDING))
                .hasMessage("from is missing");
        assertThatThrownBy(() -> new Transfer(HASH, 0, FROM, null, BigInteger.ONE, 0, TransferState.PENDING))
                .hasMessage("to is missing");
        assertThatThrownBy(() -> new Transfer(HASH, 0, FROM, MARKET, BigInteger.ONE, 0, null))
                .hasMessage("state is missing");
    }
}
