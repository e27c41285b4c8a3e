package io.grid.contracts;

import static io.grid.contracts.Fixtures.NO_LIMIT;
import static io.grid.contracts.Fixtures.createOrder;
import static io.grid.contracts.Fixtures.depositAndCredit;
import static io.grid.contracts.Fixtures.pricePerSecond;
import static io.grid.contracts.Fixtures.registerProvider;
import static io.grid.contracts.Reverts.assertRevertsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.wrappers.Market;
import java.math.BigInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

@LocalChainTest
class MarketOrdersTest {

    private static final long DURATION = 3_600;
    private static final BigInteger CREDITS = BigInteger.TEN.pow(18);

    private Credentials user;
    private Credentials provider;
    private BigInteger cost;

    @BeforeEach
    void registeredProviderAndCreditedUser(LocalChain chain) throws Exception {
        user = chain.user(1);
        provider = chain.provider(1);
        registerProvider(chain, provider);
        depositAndCredit(chain, user, CREDITS);
        cost = pricePerSecond(1_000, 2_048, 10, 1).multiply(BigInteger.valueOf(DURATION));
    }

    private BigInteger order(LocalChain chain) throws Exception {
        return createOrder(chain, user, provider, 1_000, 2_048, 10, 1, DURATION);
    }

    private static BigInteger state(LocalChain chain, BigInteger orderId) throws Exception {
        return chain.market().getOrder(orderId).send().getValue9();
    }

    @Test
    void orderCostsRegistryPricesTimesDurationAndMovesCreditsIntoEscrow(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);

        assertThat(chain.market().getOrder(orderId).send().getValue10()).isEqualTo(cost);
        assertThat(state(chain, orderId)).isEqualTo(BigInteger.ONE);
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS.subtract(cost));
        assertThat(chain.market().totalEscrow().send()).isEqualTo(cost);
        assertThat(chain.registry().reservedOf(provider.getAddress()).send().getValue1()).isEqualTo(BigInteger.valueOf(1_000));
    }

    @Test
    void refusesOrderBeyondCredits(LocalChain chain) {
        Market asUser = chain.market(user);

        assertRevertsWith(chain, user, chain.market(), asUser.createOrder(provider.getAddress(), BigInteger.valueOf(8_000), BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.TWO, BigInteger.TEN.pow(14), NO_LIMIT), "InsufficientCredits(address,uint256,uint256)");
    }

    @Test
    void refusesOrderBeyondFreeCapacity(LocalChain chain) {
        assertRevertsWith(chain, user, chain.market(), chain.market(user).createOrder(provider.getAddress(), BigInteger.valueOf(8_001),
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE, NO_LIMIT), "InsufficientCapacity(address)");
    }

    @Test
    void refusesOrderAtUnregisteredProvider(LocalChain chain) {
        assertRevertsWith(chain, user, chain.market(), chain.market(user).createOrder(chain.provider(4).getAddress(), BigInteger.ONE,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE, NO_LIMIT), "NotRegistered(address)");
    }

    @Test
    void refusesEmptyOrZeroLengthOrder(LocalChain chain) {
        Market asUser = chain.market(user);

        assertRevertsWith(chain, user, chain.market(), asUser.createOrder(provider.getAddress(), BigInteger.ONE, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, NO_LIMIT), "InvalidOrder()");
        assertRevertsWith(chain, user, chain.market(), asUser.createOrder(provider.getAddress(), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE, NO_LIMIT), "InvalidOrder()");
    }

    @Test
    void providerAcceptsAndServiceStarts(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);

        TransactionReceipt receipt = chain.market(provider).acceptOrder(orderId).send();

        assertThat(chain.market().getOrderAcceptedEvents(receipt)).hasSize(1);
        assertThat(state(chain, orderId)).isEqualTo(BigInteger.TWO);
        assertThat(chain.market().getOrder(orderId).send().getValue8()).isPositive();
    }

    @Test
    void refusesAcceptanceByAnyoneButThePayee(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        Credentials other = chain.provider(2);

        assertRevertsWith(chain, other, chain.market(), chain.market(other).acceptOrder(orderId), "NotPayee(uint256,address)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).acceptOrder(orderId), "NotPayee(uint256,address)");
    }

    @Test
    void refusesAcceptingTwiceOrAnUnknownOrder(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        chain.market(provider).acceptOrder(orderId).send();

        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).acceptOrder(orderId),
                "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).acceptOrder(BigInteger.valueOf(99)), "UnknownOrder(uint256)");
    }

    @Test
    void cancellingANeverAcceptedOrderRefundsAll(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);

        TransactionReceipt receipt = chain.market(user).cancelOrder(orderId).send();

        assertThat(chain.market().getOrderSettledEvents(receipt)).singleElement().satisfies(settled -> {
            assertThat(settled.providerShare).isZero();
            assertThat(settled.refund).isEqualTo(cost);
        });
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS);
        assertThat(chain.market().totalEscrow().send()).isZero();
        assertThat(chain.registry().reservedOf(provider.getAddress()).send().getValue1()).isZero();
    }

    @Test
    void cancellingAnActiveOrderPaysTheServedTimeAndRefundsTheRest(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        chain.market(provider).acceptOrder(orderId).send();
        long startedAt = chain.market().getOrder(orderId).send().getValue8().longValueExact();
        chain.setNextBlockTimestamp(startedAt + 1_000);

        chain.market(user).cancelOrder(orderId).send();

        BigInteger share = cost.multiply(BigInteger.valueOf(1_000)).divide(BigInteger.valueOf(DURATION));
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isEqualTo(share);
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS.subtract(share));
        assertThat(state(chain, orderId)).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void refusesCancellationByAnyoneButTheUser(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);

        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).cancelOrder(orderId), "NotOrderUser(uint256,address)");
    }

    @Test
    void refusesSettlingTwice(LocalChain chain) throws Exception {
        BigInteger cancelled = order(chain);
        chain.market(user).cancelOrder(cancelled).send();
        BigInteger completed = order(chain);
        chain.market(provider).acceptOrder(completed).send();
        chain.advance(DURATION);
        chain.market(chain.user(9)).completeOrder(completed).send();

        assertRevertsWith(chain, user, chain.market(), chain.market(user).cancelOrder(cancelled), "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).completeOrder(cancelled), "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).cancelOrder(completed), "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).completeOrder(completed), "InvalidOrderState(uint256,uint8)");
    }

    @Test
    void providerRefundsANeverAcceptedOrderInFullAndReleasesTheCapacity(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);

        TransactionReceipt receipt = chain.market(provider).refundOrder(orderId).send();

        assertThat(chain.market().getOrderRefundedEvents(receipt)).singleElement().satisfies(refunded -> {
            assertThat(refunded.orderId).isEqualTo(orderId);
            assertThat(refunded.provider).isEqualToIgnoringCase(provider.getAddress());
            assertThat(refunded.amount).isEqualTo(cost);
        });
        assertThat(state(chain, orderId)).isEqualTo(BigInteger.valueOf(4));
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS);
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isZero();
        assertThat(chain.market().totalEscrow().send()).isZero();
        assertThat(chain.registry().reservedOf(provider.getAddress()).send().getValue1()).isZero();
    }

    @Test
    void providerRefundsAnActiveOrderInFullEvenForTimeServed(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        chain.market(provider).acceptOrder(orderId).send();
        chain.advance(1_000);

        TransactionReceipt receipt = chain.market(provider).refundOrder(orderId).send();

        assertThat(chain.market().getOrderSettledEvents(receipt)).singleElement().satisfies(settled -> {
            assertThat(settled.providerShare).isZero();
            assertThat(settled.refund).isEqualTo(cost);
            assertThat(settled.servedSeconds).isZero();
        });
        assertThat(state(chain, orderId)).isEqualTo(BigInteger.valueOf(4));
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS);
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isZero();
        assertThat(chain.market().totalEarnings().send()).isZero();
        assertThat(chain.registry().reservedOf(provider.getAddress()).send().getValue1()).isZero();
        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).refundOrder(orderId), "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).cancelOrder(orderId), "InvalidOrderState(uint256,uint8)");
    }

    @Test
    void refusesRefundByAnyoneButThePayee(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        Credentials other = chain.provider(2);

        assertRevertsWith(chain, other, chain.market(), chain.market(other).refundOrder(orderId), "NotPayee(uint256,address)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).refundOrder(orderId), "NotPayee(uint256,address)");
        assertRevertsWith(chain, chain.platform(), chain.market(), chain.market(chain.platform()).refundOrder(orderId),
                "NotPayee(uint256,address)");
    }

    @Test
    void refusesRefundOfASettledOrUnknownOrder(LocalChain chain) throws Exception {
        BigInteger completed = order(chain);
        chain.market(provider).acceptOrder(completed).send();
        chain.advance(DURATION);
        chain.market(user).completeOrder(completed).send();
        BigInteger cancelled = order(chain);
        chain.market(user).cancelOrder(cancelled).send();

        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).refundOrder(completed), "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).refundOrder(cancelled), "InvalidOrderState(uint256,uint8)");
        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).refundOrder(BigInteger.valueOf(99)), "UnknownOrder(uint256)");
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isEqualTo(cost);
    }

    @Test
    void anyoneCompletesAnOrderOnceItsDurationIsOverAndTheProviderEarnsAll(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        chain.market(provider).acceptOrder(orderId).send();
        chain.advance(DURATION);

        TransactionReceipt receipt = chain.market(chain.user(9)).completeOrder(orderId).send();

        assertThat(chain.market().getOrderCompletedEvents(receipt)).hasSize(1);
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isEqualTo(cost);
        assertThat(state(chain, orderId)).isEqualTo(BigInteger.valueOf(3));
    }

    @Test
    void refusesCompletionBeforeTheDurationIsOverOrBeforeAcceptance(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);

        assertRevertsWith(chain, user, chain.market(), chain.market(user).completeOrder(orderId), "InvalidOrderState(uint256,uint8)");
        chain.market(provider).acceptOrder(orderId).send();
        assertRevertsWith(chain, user, chain.market(), chain.market(user).completeOrder(orderId), "OrderNotOver(uint256,uint256)");
    }

    @Test
    void providerPullsItsEarnings(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        chain.market(provider).acceptOrder(orderId).send();
        chain.advance(DURATION);
        chain.market(user).completeOrder(orderId).send();

        chain.market(provider).withdrawEarnings().send();

        assertThat(chain.token().balanceOf(provider.getAddress()).send()).isEqualTo(LocalChain.INITIAL_TOKENS.add(cost));
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isZero();
        assertRevertsWith(chain, provider, chain.market(), chain.market(provider).withdrawEarnings(), "NothingToWithdraw(address)");
    }

    @Test
    void platformRelaysSignedOrderAndCancellation(LocalChain chain) throws Exception {
        MarketSignatures signatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 600);
        byte[] create = signatures.signCreateOrder(user, provider.getAddress(), 1_000, 2_048, 10, 1, DURATION, cost, BigInteger.ZERO, deadline);
        Market relay = chain.market(chain.platform());

        relay.createOrderFor(user.getAddress(), provider.getAddress(), BigInteger.valueOf(1_000), BigInteger.valueOf(2_048), BigInteger.TEN,
                BigInteger.ONE, BigInteger.valueOf(DURATION), cost, BigInteger.ZERO, deadline, create).send();
        BigInteger orderId = chain.market().orderCount().send();
        assertThat(chain.market().getOrder(orderId).send().getValue1()).isEqualToIgnoringCase(user.getAddress());
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS.subtract(cost));

        byte[] cancel = signatures.signCancelOrder(user, orderId, BigInteger.ONE, deadline);
        relay.cancelOrderFor(user.getAddress(), orderId, BigInteger.ONE, deadline, cancel).send();
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS);
    }

    @Test
    void refusesRelayedOrderWithTermsTheUserDidNotSign(LocalChain chain) throws Exception {
        MarketSignatures signatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 600);
        byte[] signedShort = signatures.signCreateOrder(user, provider.getAddress(), 1_000, 0, 0, 0, 60, NO_LIMIT, BigInteger.ZERO, deadline);

        assertRevertsWith(chain, chain.platform(), chain.market(), chain.market(chain.platform()).createOrderFor(user.getAddress(),
                provider.getAddress(), BigInteger.valueOf(1_000), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(6_000), NO_LIMIT,
                BigInteger.ZERO, deadline, signedShort), "InvalidSigner(address,address)");
        assertRevertsWith(chain, user, chain.market(), chain.market(user).createOrderFor(user.getAddress(), provider.getAddress(),
                BigInteger.valueOf(1_000), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(60), NO_LIMIT, BigInteger.ZERO, deadline,
                signedShort), "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void refusesRelayedCancellationWithExpiredSignature(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        MarketSignatures signatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger past = BigInteger.valueOf(chain.latestTimestamp() - 1);

        assertRevertsWith(chain, chain.platform(), chain.market(), chain.market(chain.platform()).cancelOrderFor(user.getAddress(), orderId,
                BigInteger.ZERO, past, signatures.signCancelOrder(user, orderId, BigInteger.ZERO, past)), "ExpiredSignature(uint256)");
    }
}
