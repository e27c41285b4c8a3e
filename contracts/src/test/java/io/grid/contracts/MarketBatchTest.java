package io.grid.contracts;

import static io.grid.contracts.Fixtures.createOrder;
import static io.grid.contracts.Fixtures.depositAndCredit;
import static io.grid.contracts.Fixtures.pricePerSecond;
import static io.grid.contracts.Fixtures.registerProvider;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.wrappers.Market;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;

/**
 * The market's many-orders-at-once functions: {@code completeOrders} settles what is due and passes over the rest,
 * {@code orderStates} reads many orders in one call, and {@code escrowOf} keeps each user's escrow.
 */
@LocalChainTest
class MarketBatchTest {

    private static final long DURATION = 600;
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
        cost = pricePerSecond(10, 16, 0, 0).multiply(BigInteger.valueOf(DURATION));
    }

    private BigInteger order(LocalChain chain) throws Exception {
        return createOrder(chain, user, provider, 10, 16, 0, 0, DURATION);
    }

    private BigInteger acceptedOrder(LocalChain chain) throws Exception {
        BigInteger orderId = order(chain);
        chain.market(provider).acceptOrder(orderId).send();
        return orderId;
    }

    private static BigInteger state(LocalChain chain, BigInteger orderId) throws Exception {
        return chain.market().getOrder(orderId).send().getValue9();
    }

    @Test
    void completesEveryDueOrderAndPassesOverTheRestWithoutReverting(LocalChain chain) throws Exception {
        BigInteger dueA = acceptedOrder(chain);
        BigInteger dueB = acceptedOrder(chain);
        BigInteger neverAccepted = order(chain);
        BigInteger cancelled = acceptedOrder(chain);
        chain.market(user).cancelOrder(cancelled).send();
        chain.advance(DURATION);
        BigInteger notOver = acceptedOrder(chain);
        BigInteger unknown = BigInteger.valueOf(999);
        BigInteger creditsBefore = chain.market().creditOf(user.getAddress()).send();

        TransactionReceipt receipt = chain.market(chain.user(9))
                .completeOrders(List.of(dueA, neverAccepted, cancelled, notOver, unknown, dueB, dueA)).send();

        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(chain.market().getOrderCompletedEvents(receipt)).extracting(e -> e.orderId).containsExactly(dueA, dueB);
        assertThat(chain.market().getOrderSettledEvents(receipt)).allSatisfy(e -> {
            assertThat(e.providerShare).isEqualTo(cost);
            assertThat(e.refund).isZero();
            assertThat(e.servedSeconds).isEqualTo(BigInteger.valueOf(DURATION));
        });
        assertThat(chain.market().getOrderCompletionSkippedEvents(receipt)).extracting(e -> e.orderId)
                .containsExactly(neverAccepted, cancelled, notOver, unknown, dueA);
        assertThat(state(chain, dueA)).isEqualTo(BigInteger.valueOf(3));
        assertThat(state(chain, dueB)).isEqualTo(BigInteger.valueOf(3));
        assertThat(state(chain, neverAccepted)).isEqualTo(BigInteger.ONE);
        assertThat(state(chain, notOver)).isEqualTo(BigInteger.TWO);
        assertThat(chain.market().earningsOf(provider.getAddress()).send())
                .as("two full orders plus the share of the cancelled one").isGreaterThanOrEqualTo(cost.multiply(BigInteger.TWO));
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(creditsBefore);
        assertThat(chain.market().liabilities().send()).isEqualTo(chain.token().balanceOf(chain.market().getContractAddress()).send());
    }

    @Test
    void aBatchSplitsEachOrderExactlyAsASingleCompletionDoes(LocalChain chain) throws Exception {
        BigInteger single = acceptedOrder(chain);
        BigInteger batched = acceptedOrder(chain);
        chain.advance(DURATION + 5);

        TransactionReceipt one = chain.market(user).completeOrder(single).send();
        TransactionReceipt many = chain.market(user).completeOrders(List.of(batched)).send();

        Market.OrderSettledEventResponse a = chain.market().getOrderSettledEvents(one).get(0);
        Market.OrderSettledEventResponse b = chain.market().getOrderSettledEvents(many).get(0);
        assertThat(List.of(b.providerShare, b.refund, b.servedSeconds)).isEqualTo(List.of(a.providerShare, a.refund, a.servedSeconds));
        assertThat(chain.registry().reservedOf(provider.getAddress()).send().getValue1()).isZero();
    }

    @Test
    void anEmptyBatchChangesNothing(LocalChain chain) throws Exception {
        BigInteger escrow = chain.market().totalEscrow().send();

        TransactionReceipt receipt = chain.market(user).completeOrders(List.of()).send();

        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(receipt.getLogs()).isEmpty();
        assertThat(chain.market().totalEscrow().send()).isEqualTo(escrow);
    }

    @Test
    void aBatchCostsLessGasPerOrderThanSingleCompletions(LocalChain chain) throws Exception {
        BigInteger single = acceptedOrder(chain);
        List<BigInteger> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(acceptedOrder(chain));
        }
        chain.advance(DURATION);

        BigInteger singleGas = chain.market(user).completeOrder(single).send().getGasUsed();
        TransactionReceipt receipt = chain.market(user).completeOrders(batch).send();
        BigInteger perOrder = receipt.getGasUsed().divide(BigInteger.valueOf(batch.size()));

        assertThat(chain.market().getOrderCompletedEvents(receipt)).hasSize(50);
        String line = String.format("completeOrder: %d gas; completeOrders(50): %d gas, %d per order%n", singleGas,
                receipt.getGasUsed(), perOrder);
        System.out.print(line);
        Files.writeString(Path.of("target", "gas-batch.txt"), line, StandardCharsets.UTF_8);
        assertThat(perOrder).isLessThan(singleGas);
        assertThat(receipt.getGasUsed()).as("fits a block of 30M gas with room").isLessThan(BigInteger.valueOf(10_000_000));
    }

    @Test
    void readsStateAndStartOfManyOrdersInOneCall(LocalChain chain) throws Exception {
        BigInteger created = order(chain);
        BigInteger active = acceptedOrder(chain);
        long startedAt = chain.market().getOrder(active).send().getValue8().longValueExact();
        BigInteger cancelled = order(chain);
        chain.market(user).cancelOrder(cancelled).send();

        Tuple2<List<BigInteger>, List<BigInteger>> read = chain.market()
                .orderStates(List.of(created, active, cancelled, BigInteger.valueOf(77))).send();

        assertThat(read.component1()).containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(4), BigInteger.ZERO);
        assertThat(read.component2()).containsExactly(BigInteger.ZERO, BigInteger.valueOf(startedAt), BigInteger.ZERO, BigInteger.ZERO);
    }

    @Test
    void escrowOfFollowsEachUsersOpenOrdersThroughEveryEnding(LocalChain chain) throws Exception {
        Credentials other = chain.user(2);
        depositAndCredit(chain, other, CREDITS);
        createOrder(chain, other, provider, 10, 16, 0, 0, DURATION);
        BigInteger completed = acceptedOrder(chain);
        BigInteger cancelled = order(chain);
        BigInteger refunded = acceptedOrder(chain);
        BigInteger open = order(chain);
        assertThat(chain.market().escrowOf(user.getAddress()).send()).isEqualTo(cost.multiply(BigInteger.valueOf(4)));

        chain.market(user).cancelOrder(cancelled).send();
        chain.market(provider).refundOrder(refunded).send();
        chain.advance(DURATION);
        chain.market(user).completeOrders(List.of(completed)).send();

        assertThat(chain.market().escrowOf(user.getAddress()).send()).isEqualTo(cost);
        assertThat(chain.market().escrowOf(other.getAddress()).send()).isEqualTo(cost);
        assertThat(chain.market().totalEscrow().send()).isEqualTo(cost.multiply(BigInteger.TWO));
        assertThat(state(chain, open)).isEqualTo(BigInteger.ONE);
        assertThat(chain.market().escrowOf(chain.user(3).getAddress()).send()).isZero();
    }
}
