package io.grid.contracts;

import static io.grid.contracts.Fixtures.NO_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.wrappers.Market;
import io.grid.contracts.wrappers.testing.ReentrantToken;
import java.math.BigInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/** A token that calls back into the market during transfers cannot re-enter settlement or withdrawals. */
@LocalChainTest
class ReentrancyTest {

    private static final String REENTRANT_CALL = Hash.sha3String("ReentrancyGuardReentrantCall()").substring(0, 10);
    private static final BigInteger DEPOSIT = BigInteger.valueOf(1_000_000_000);

    private ReentrantToken token;
    private Market market;
    private Credentials user;
    private Credentials provider;
    private BigInteger completedOrder;
    private BigInteger activeOrder;

    @BeforeEach
    void marketOverAReentrantTokenWithEarningsCreditsAndAnActiveOrder(LocalChain chain) throws Exception {
        user = chain.user(1);
        provider = chain.provider(1);
        token = ReentrantToken.deploy(chain.web3j(), chain.transactionManager(chain.owner()), chain.gasProvider()).send();
        market = chain.deployMarket(token.getContractAddress());
        Fixtures.registerProvider(chain, provider);
        ReentrantToken asUser = ReentrantToken.load(token.getContractAddress(), chain.web3j(), chain.transactionManager(user), chain.gasProvider());
        asUser.mint(user.getAddress(), DEPOSIT).send();
        asUser.transfer(market.getContractAddress(), DEPOSIT).send();
        chain.market(market.getContractAddress(), chain.platform()).credit(user.getAddress(), DEPOSIT, new byte[32], BigInteger.ZERO).send();
        Market asUserMarket = chain.market(market.getContractAddress(), user);
        asUserMarket.createOrder(provider.getAddress(), BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.TEN, NO_LIMIT).send();
        completedOrder = market.orderCount().send();
        asUserMarket.createOrder(provider.getAddress(), BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.TEN, NO_LIMIT).send();
        activeOrder = market.orderCount().send();
        chain.market(market.getContractAddress(), provider).acceptOrder(completedOrder).send();
        chain.advance(10);
        asUserMarket.completeOrder(completedOrder).send();
        chain.market(market.getContractAddress(), provider).acceptOrder(activeOrder).send();
        chain.advance(10);
    }

    private void armWith(String reentrantCallData) throws Exception {
        token.arm(market.getContractAddress(), Numeric.hexStringToByteArray(reentrantCallData)).send();
    }

    @Test
    void withdrawEarningsCannotBeReenteredAndChangesNothing(LocalChain chain) throws Exception {
        BigInteger earnings = market.earningsOf(provider.getAddress()).send();
        armWith(market.withdrawEarnings().encodeFunctionCall());
        Market asProvider = chain.market(market.getContractAddress(), provider);

        assertThat(Reverts.revertData(chain, provider, market.getContractAddress(), asProvider.withdrawEarnings().encodeFunctionCall()))
                .startsWith(REENTRANT_CALL);
        assertThatThrownBy(() -> asProvider.withdrawEarnings().send()).isInstanceOf(TransactionException.class);

        assertThat(earnings).isPositive();
        assertThat(market.earningsOf(provider.getAddress()).send()).isEqualTo(earnings);
        assertThat(token.balanceOf(provider.getAddress()).send()).isZero();
    }

    @Test
    void withdrawCreditsCannotReenterSettlementAndChangesNothing(LocalChain chain) throws Exception {
        BigInteger credits = market.creditOf(user.getAddress()).send();
        armWith(market.completeOrder(activeOrder).encodeFunctionCall());
        Market asUser = chain.market(market.getContractAddress(), user);

        assertThat(Reverts.revertData(chain, user, market.getContractAddress(), asUser.withdrawCredits(BigInteger.ONE).encodeFunctionCall()))
                .startsWith(REENTRANT_CALL);
        assertThatThrownBy(() -> asUser.withdrawCredits(BigInteger.ONE).send()).isInstanceOf(TransactionException.class);

        assertThat(market.creditOf(user.getAddress()).send()).isEqualTo(credits);
        assertThat(market.getOrder(activeOrder).send().getValue9()).isEqualTo(BigInteger.TWO);
        assertThat(market.liabilities().send()).isEqualTo(token.balanceOf(market.getContractAddress()).send());
    }

    @Test
    void withdrawCreditsCannotReenterCancellation(LocalChain chain) throws Exception {
        armWith(market.cancelOrder(activeOrder).encodeFunctionCall());
        Market asUser = chain.market(market.getContractAddress(), user);

        assertThat(Reverts.revertData(chain, user, market.getContractAddress(), asUser.withdrawCredits(BigInteger.ONE).encodeFunctionCall()))
                .startsWith(REENTRANT_CALL);
    }

    @Test
    void withdrawCreditsCannotReenterBatchedSettlement(LocalChain chain) throws Exception {
        armWith(market.completeOrders(java.util.List.of(activeOrder)).encodeFunctionCall());
        Market asUser = chain.market(market.getContractAddress(), user);

        assertThat(Reverts.revertData(chain, user, market.getContractAddress(), asUser.withdrawCredits(BigInteger.ONE).encodeFunctionCall()))
                .startsWith(REENTRANT_CALL);
        assertThat(market.getOrder(activeOrder).send().getValue9()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void withoutTheCallbackTheSameWithdrawalsSucceed(LocalChain chain) throws Exception {
        BigInteger earnings = market.earningsOf(provider.getAddress()).send();

        chain.market(market.getContractAddress(), provider).withdrawEarnings().send();
        chain.market(market.getContractAddress(), user).withdrawCredits(BigInteger.ONE).send();

        assertThat(token.balanceOf(provider.getAddress()).send()).isEqualTo(earnings);
        assertThat(token.balanceOf(user.getAddress()).send()).isEqualTo(BigInteger.ONE);
    }
}
