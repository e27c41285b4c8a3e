package io.grid.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.contracts.chain.AnvilBinary;
import io.grid.contracts.chain.LocalChain;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** A managed local chain with a block time moves by itself: blocks, and with them the chain's clock. */
class LocalChainBlockTimeTest {

    @Test
    void blocksAndTheChainClockAdvanceWithoutAnyoneMining() throws Exception {
        try (LocalChain chain = LocalChain.start(AnvilBinary.locate(), Duration.ofSeconds(1))) {
            long firstBlock = chain.blockNumber();
            long firstTime = chain.latestTimestamp();

            long block = firstBlock;
            Instant deadline = Instant.now().plusSeconds(20);
            while (block < firstBlock + 3 && Instant.now().isBefore(deadline)) {
                block = chain.blockNumber(); // each read is a round trip to Anvil, which paces the loop
            }
            TransactionReceipt transfer = chain.token(chain.user(1)).transfer(chain.user(2).getAddress(), BigInteger.ONE).send();

            assertThat(block).isGreaterThanOrEqualTo(firstBlock + 3);
            assertThat(chain.latestTimestamp()).isGreaterThanOrEqualTo(firstTime + 2);
            assertThat(transfer.isStatusOK()).isTrue();
        }
    }

    @Test
    void refusesABlockTimeThatIsNotWholeSeconds() {
        assertThatThrownBy(() -> LocalChain.start(AnvilBinary.locate(), Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
