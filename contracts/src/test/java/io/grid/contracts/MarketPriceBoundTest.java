package io.grid.contracts;

import static io.grid.contracts.Fixtures.depositAndCredit;
import static io.grid.contracts.Fixtures.pricePerSecond;
import static io.grid.contracts.Fixtures.registerProvider;
import static io.grid.contracts.Fixtures.units;
import static io.grid.contracts.Reverts.assertRevertsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.wrappers.Market;
import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;

/**
 * An order binds the most its user agreed to pay ({@code maxCost}): a provider that raises its price in the
 * same block as the order, or before a held-back relayed signature is mined, cannot charge more. Anvil's
 * automine is off in these tests so that both transactions land in one block, the raise first (it pays more
 * gas, as a front-runner would).
 */
@LocalChainTest
class MarketPriceBoundTest {

    private static final long CPU = 1_000;
    private static final long MEMORY = 2_048;
    private static final long DURATION = 3_600;
    private static final BigInteger CREDITS = BigInteger.TEN.pow(18);
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(1_000_000);
    private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
    private static final BigInteger FRONT_RUNNER_GAS_PRICE = GAS_PRICE.multiply(BigInteger.TEN);

    private Credentials user;
    private Credentials provider;
    /** The cost the user was quoted and signs as its {@code maxCost}. */
    private BigInteger quoted;

    @BeforeEach
    void registeredProviderAndCreditedUser(LocalChain chain) throws Exception {
        user = chain.user(1);
        provider = chain.provider(1);
        registerProvider(chain, provider);
        depositAndCredit(chain, user, CREDITS);
        quoted = pricePerSecond(CPU, MEMORY, 0, 0).multiply(units(DURATION));
    }

    @AfterEach
    void automineBackOn(LocalChain chain) {
        chain.setAutomine(true);
    }

    /** Sends without waiting for a receipt, so that the transaction waits in the pool for the next block. */
    private static String sendPending(LocalChain chain, Credentials from, Contract contract, RemoteFunctionCall<?> call,
                                      BigInteger gasPrice) throws IOException {
        EthSendTransaction sent = chain.transactionManager(from).sendTransaction(gasPrice, GAS_LIMIT,
                contract.getContractAddress(), call.encodeFunctionCall(), BigInteger.ZERO);
        assertThat(sent.hasError()).as("send: %s", sent.getError() == null ? "" : sent.getError().getMessage()).isFalse();
        return sent.getTransactionHash();
    }

    private static TransactionReceipt receipt(LocalChain chain, String hash) throws IOException {
        return chain.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow();
    }

    /** The provider's new unit prices (cpu millicore, memory MiB, storage GiB, GPU), sent ahead of the order. */
    private String reprice(LocalChain chain, long cpu, long memory, long storage, long gpu) throws IOException {
        return sendPending(chain, provider, chain.registry(), chain.registry(provider).update("cp", "https://gw.example", "A100",
                units(Fixtures.CPU), units(Fixtures.MEMORY), units(Fixtures.STORAGE), units(Fixtures.GPUS),
                units(cpu), units(memory), units(storage), units(gpu)), FRONT_RUNNER_GAS_PRICE);
    }

    private RemoteFunctionCall<TransactionReceipt> orderAtQuote(Market asUser) {
        return asUser.createOrder(provider.getAddress(), units(CPU), units(MEMORY), BigInteger.ZERO, BigInteger.ZERO, units(DURATION), quoted);
    }

    @Test
    void priceRaisedInTheSameBlockRevertsTheOrderAndNothingMoves(LocalChain chain) throws Exception {
        BigInteger ordersBefore = chain.market().orderCount().send();
        chain.setAutomine(false);

        String raise = reprice(chain, 3_000, 1_000, 7_000, 1_000_000);
        String order = sendPending(chain, user, chain.market(), orderAtQuote(chain.market(user)), GAS_PRICE);
        chain.mine();

        assertThat(receipt(chain, raise).getBlockNumber()).isEqualTo(receipt(chain, order).getBlockNumber());
        assertThat(receipt(chain, raise).isStatusOK()).isTrue();
        assertThat(receipt(chain, order).isStatusOK()).isFalse();
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS);
        assertThat(chain.market().escrowOf(user.getAddress()).send()).isZero();
        assertThat(chain.market().totalEscrow().send()).isZero();
        assertThat(chain.market().orderCount().send()).isEqualTo(ordersBefore);
        assertThat(chain.registry().reservedOf(provider.getAddress()).send().getValue1()).isZero();
        assertRevertsWith(chain, user, chain.market(), orderAtQuote(chain.market(user)), "CostAboveLimit(uint256,uint256)");
    }

    @Test
    void priceLoweredInTheSameBlockChargesTheLowerCost(LocalChain chain) throws Exception {
        chain.setAutomine(false);

        String lower = reprice(chain, 1, 1, 1, 1);
        String order = sendPending(chain, user, chain.market(), orderAtQuote(chain.market(user)), GAS_PRICE);
        chain.mine();

        assertThat(receipt(chain, lower).isStatusOK()).isTrue();
        assertThat(receipt(chain, order).isStatusOK()).isTrue();
        BigInteger orderId = chain.market().orderCount().send();
        BigInteger lowerCost = units((CPU + MEMORY) * DURATION);
        assertThat(chain.market().getOrder(orderId).send().getValue10()).isEqualTo(lowerCost);
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS.subtract(lowerCost));
        assertThat(chain.market().escrowOf(user.getAddress()).send()).isEqualTo(lowerCost);
    }

    @Test
    void relayedSignatureMinedAfterAPriceRiseReverts(LocalChain chain) throws Exception {
        MarketSignatures signatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 86_400);
        byte[] signed = signatures.signCreateOrder(user, provider.getAddress(), CPU, MEMORY, 0, 0, DURATION, quoted, BigInteger.ZERO, deadline);
        Market relay = chain.market(chain.platform());
        RemoteFunctionCall<TransactionReceipt> heldBack = relay.createOrderFor(user.getAddress(), provider.getAddress(), units(CPU),
                units(MEMORY), BigInteger.ZERO, BigInteger.ZERO, units(DURATION), quoted, BigInteger.ZERO, deadline, signed);
        chain.setAutomine(false);
        String raise = reprice(chain, 6, 2, 14, 2_000);
        chain.mine();
        assertThat(receipt(chain, raise).isStatusOK()).isTrue();
        chain.advance(600);

        String late = sendPending(chain, chain.platform(), relay, heldBack, GAS_PRICE);
        chain.mine();

        assertThat(receipt(chain, late).isStatusOK()).isFalse();
        assertThat(chain.market().creditOf(user.getAddress()).send()).isEqualTo(CREDITS);
        assertThat(chain.market().escrowOf(user.getAddress()).send()).isZero();
        assertThat(chain.market().nonces(user.getAddress()).send()).as("the signature is still unused").isZero();
        assertRevertsWith(chain, chain.platform(), relay, heldBack, "CostAboveLimit(uint256,uint256)");
    }

    @Test
    void relayedOrderSignedAtTheQuoteIsCreatedAtThatCost(LocalChain chain) throws Exception {
        MarketSignatures signatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 600);
        byte[] signed = signatures.signCreateOrder(user, provider.getAddress(), CPU, MEMORY, 0, 0, DURATION, quoted, BigInteger.ZERO, deadline);

        chain.market(chain.platform()).createOrderFor(user.getAddress(), provider.getAddress(), units(CPU), units(MEMORY), BigInteger.ZERO,
                BigInteger.ZERO, units(DURATION), quoted, BigInteger.ZERO, deadline, signed).send();

        assertThat(chain.market().getOrder(chain.market().orderCount().send()).send().getValue10()).isEqualTo(quoted);
    }

    @Test
    void relayedOrderWithAMaxCostOtherThanSignedIsRefused(LocalChain chain) {
        MarketSignatures signatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 600);
        byte[] signed = signatures.signCreateOrder(user, provider.getAddress(), CPU, MEMORY, 0, 0, DURATION, quoted, BigInteger.ZERO, deadline);
        Market relay = chain.market(chain.platform());

        assertRevertsWith(chain, chain.platform(), relay, relay.createOrderFor(user.getAddress(), provider.getAddress(), units(CPU),
                units(MEMORY), BigInteger.ZERO, BigInteger.ZERO, units(DURATION), quoted.multiply(BigInteger.TWO), BigInteger.ZERO, deadline,
                signed), "InvalidSigner(address,address)");
    }
}
