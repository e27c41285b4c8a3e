package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Address;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ObservedTransferTest {

    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address MARKET = Address.of("0x2222222222222222222222222222222222222222");
    private static final String TX = "0x" + "ab".repeat(32);
    private static final String BLOCK = "0x" + "0c".repeat(32);

    @Test
    void keepsLowerCaseHashesAsGiven() {
        ObservedTransfer transfer = observed(TX, BLOCK);

        assertThat(transfer.txHash()).isEqualTo(TX);
        assertThat(transfer.blockHash()).isEqualTo(BLOCK);
    }

    @Test
    void lowersUpperCaseHashes() {
        ObservedTransfer transfer = observed("0x" + "AB".repeat(32), "0x" + "0C".repeat(32));

        assertThat(transfer.txHash()).isEqualTo(TX);
        assertThat(transfer.blockHash()).isEqualTo(BLOCK);
    }

    @Test
    void refusesMalformedHashes() {
        assertThatThrownBy(() -> observed("0x" + "ab".repeat(31), BLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed txHash");
        assertThatThrownBy(() -> observed(TX, "0x" + "zz".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed txHash");
        assertThatThrownBy(() -> observed("00" + "ab".repeat(32), BLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed txHash");
        assertThatThrownBy(() -> observed(null, BLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("txHash is missing");
    }

    private static ObservedTransfer observed(String txHash, String blockHash) {
        return new ObservedTransfer(txHash, 0, USER, MARKET, BigInteger.ONE, 7, blockHash);
    }
}
