package io.grid.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

@LocalChainTest
class LocalChainHarnessTest {

    @Test
    void deploysContractsWithPlatformRoleAndFundedUsers(LocalChain chain) throws Exception {
        assertThat(chain.market().hasRole(chain.market().PLATFORM_ROLE().send(), chain.platform().getAddress()).send()).isTrue();
        assertThat(chain.registry().hasRole(chain.registry().MARKET_ROLE().send(), chain.market().getContractAddress()).send()).isTrue();
        assertThat(chain.token().balanceOf(chain.user(1).getAddress()).send()).isEqualTo(LocalChain.INITIAL_TOKENS);
        assertThat(chain.market().token().send()).isEqualToIgnoringCase(chain.token().getContractAddress());
    }

    @Test
    void devAccountsAreTheWellKnownAnvilAccounts(LocalChain chain) {
        assertThat(chain.owner().getAddress()).isEqualToIgnoringCase("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void increaseTimeMovesTheNextBlocksClock(LocalChain chain) {
        long before = chain.latestTimestamp();

        chain.advance(3_600);

        assertThat(chain.latestTimestamp()).isGreaterThanOrEqualTo(before + 3_600);
    }

    @Test
    void revertToSnapshotForgetsLaterTransactions(LocalChain chain) throws Exception {
        String snapshot = chain.snapshot();
        chain.token().mint(chain.user(2).getAddress(), BigInteger.TEN).send();

        chain.revert(snapshot);

        assertThat(chain.token().balanceOf(chain.user(2).getAddress()).send()).isEqualTo(LocalChain.INITIAL_TOKENS);
    }

    @Test
    void reorgDropsTheTransactionsOfReplacedBlocks(LocalChain chain) throws Exception {
        chain.token(chain.user(3)).transfer(chain.user(4).getAddress(), BigInteger.ONE).send();
        long height = chain.blockNumber();

        chain.reorg(1);

        assertThat(chain.blockNumber()).isEqualTo(height);
        assertThat(chain.token().balanceOf(chain.user(4).getAddress()).send()).isEqualTo(LocalChain.INITIAL_TOKENS);
    }
}
