package io.grid.contracts;

import static io.grid.contracts.Fixtures.depositAndCredit;
import static io.grid.contracts.Reverts.assertRevertsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.wrappers.Market;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

@LocalChainTest
class MarketCreditsTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(5_000_000);
    private static final byte[] TX_HASH = Numeric.hexStringToByteArray("0x" + "ab".repeat(32));

    private static MarketSignatures signatures(LocalChain chain) {
        return new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
    }

    @Test
    void platformCreditsAConfirmedTransferOnce(LocalChain chain) throws Exception {
        Credentials user = chain.user(1);

        TransactionReceipt receipt = depositAndCredit(chain, user, AMOUNT);

        assertThat(chain.market().getCreditedEvents(receipt)).singleElement().satisfies(event -> assertThat(event.amount).isEqualTo(AMOUNT));
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(AMOUNT);
        assertThat(chain.market().totalCredits().send()).isEqualTo(AMOUNT);
    }

    @Test
    void refusesCreditingTheSameTransferTwice(LocalChain chain) throws Exception {
        Credentials user = chain.user(1);
        chain.token(user).transfer(chain.market().getContractAddress(), AMOUNT.multiply(BigInteger.TWO)).send();
        chain.market(chain.platform()).credit(user.getAddress(), AMOUNT, TX_HASH, BigInteger.ONE).send();

        assertRevertsWith(chain, chain.platform(), chain.market(),
                chain.market(chain.platform()).credit(user.getAddress(), AMOUNT, TX_HASH, BigInteger.ONE), "AlreadyCredited(bytes32,uint256)");
        assertThat(chain.market().isCredited(TX_HASH, BigInteger.ONE).send()).isTrue();
        assertThat(chain.market().isCredited(TX_HASH, BigInteger.TWO).send()).isFalse();
    }

    @Test
    void refusesCreditsTheMarketCannotBack(LocalChain chain) throws Exception {
        Credentials user = chain.user(1);
        chain.token(user).transfer(chain.market().getContractAddress(), AMOUNT).send();

        assertRevertsWith(chain, chain.platform(), chain.market(),
                chain.market(chain.platform()).credit(user.getAddress(), AMOUNT.add(BigInteger.ONE), TX_HASH, BigInteger.ZERO),
                "Insolvent(uint256,uint256)");
    }

    @Test
    void refusesCreditFromAccountWithoutPlatformRole(LocalChain chain) {
        Credentials user = chain.user(1);

        assertRevertsWith(chain, user, chain.market(), chain.market(user).credit(user.getAddress(), AMOUNT, TX_HASH, BigInteger.ZERO),
                "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void refusesZeroCredit(LocalChain chain) {
        assertRevertsWith(chain, chain.platform(), chain.market(),
                chain.market(chain.platform()).credit(chain.user(1).getAddress(), BigInteger.ZERO, TX_HASH, BigInteger.ZERO), "ZeroAmount()");
    }

    @Test
    void userWithdrawsCreditsBackToTokens(LocalChain chain) throws Exception {
        Credentials user = chain.user(2);
        depositAndCredit(chain, user, AMOUNT);

        chain.market(user).withdrawCredits(BigInteger.valueOf(1_000)).send();

        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(AMOUNT.subtract(BigInteger.valueOf(1_000)));
        assertThat(chain.token().balanceOf(user.getAddress()).send())
                .isEqualTo(LocalChain.INITIAL_TOKENS.subtract(AMOUNT).add(BigInteger.valueOf(1_000)));
    }

    @Test
    void refusesWithdrawingMoreCreditsThanHeld(LocalChain chain) throws Exception {
        Credentials user = chain.user(2);
        depositAndCredit(chain, user, AMOUNT);

        assertRevertsWith(chain, user, chain.market(), chain.market(user).withdrawCredits(AMOUNT.add(BigInteger.ONE)),
                "InsufficientCredits(address,uint256,uint256)");
    }

    @Test
    void platformRelaysSignedWithdrawalToTheUserNotItself(LocalChain chain) throws Exception {
        Credentials user = chain.user(3);
        depositAndCredit(chain, user, AMOUNT);
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 600);
        byte[] signature = signatures(chain).signWithdrawCredits(user, AMOUNT, BigInteger.ZERO, deadline);
        BigInteger platformTokens = chain.token().balanceOf(chain.platform().getAddress()).send();

        chain.market(chain.platform()).withdrawCreditsFor(user.getAddress(), AMOUNT, BigInteger.ZERO, deadline, signature).send();

        assertThat(chain.token().balanceOf(user.getAddress()).send()).isEqualTo(LocalChain.INITIAL_TOKENS);
        assertThat(chain.token().balanceOf(chain.platform().getAddress()).send()).isEqualTo(platformTokens);
    }

    @Test
    void refusesRelayedWithdrawalWithExpiredOrReplayedOrForeignSignature(LocalChain chain) throws Exception {
        Credentials user = chain.user(3);
        depositAndCredit(chain, user, AMOUNT);
        Market relay = chain.market(chain.platform());
        BigInteger past = BigInteger.valueOf(chain.latestTimestamp() - 1);
        BigInteger future = BigInteger.valueOf(chain.latestTimestamp() + 600);
        BigInteger half = AMOUNT.divide(BigInteger.TWO);
        byte[] used = signatures(chain).signWithdrawCredits(user, half, BigInteger.ZERO, future);
        relay.withdrawCreditsFor(user.getAddress(), half, BigInteger.ZERO, future, used).send();

        assertRevertsWith(chain, chain.platform(), chain.market(), relay.withdrawCreditsFor(user.getAddress(), half, BigInteger.ONE, past,
                signatures(chain).signWithdrawCredits(user, half, BigInteger.ONE, past)), "ExpiredSignature(uint256)");
        assertRevertsWith(chain, chain.platform(), chain.market(), relay.withdrawCreditsFor(user.getAddress(), half, BigInteger.ZERO, future, used),
                "InvalidAccountNonce(address,uint256)");
        assertRevertsWith(chain, chain.platform(), chain.market(), relay.withdrawCreditsFor(user.getAddress(), half, BigInteger.ONE, future,
                signatures(chain).signWithdrawCredits(chain.user(4), half, BigInteger.ONE, future)), "InvalidSigner(address,address)");
    }

    @Test
    void signatureDomainMatchesTheContract(LocalChain chain) throws Exception {
        assertThat(chain.market().domainSeparator().send()).isEqualTo(signatures(chain).domain().domainSeparator());
    }
}
