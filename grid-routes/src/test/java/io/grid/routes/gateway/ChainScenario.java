package io.grid.routes.gateway;

import io.grid.api.Resources;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.contracts.wrappers.Market;
import io.grid.core.money.Pricing;
import io.grid.api.UnitPrices;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.math.BigInteger;

/** Arrange steps on the real local chain, in the flows' words. */
final class ChainScenario {

    /** What the test providers charge, per unit per second. */
    static final UnitPrices PRICES = UnitPrices.of(3, 1, 7, 1_000);
    /** What the test providers offer on chain. */
    static final Resources OFFERED = Resources.of(64_000, 131_072, 1_000);
    /** A small order: one core, 512 MiB, 1 GiB. */
    static final Resources SMALL = Resources.of(1_000, 512, 1);

    private static final String GATEWAY_URL = "http://127.0.0.1/gateway";

    private final LocalChain chain;

    ChainScenario(LocalChain chain) {
        this.chain = chain;
    }

    /** The provider registers with the test prices and a gateway URL. */
    void registerProvider(Credentials provider) throws Exception {
        chain.registry(provider).register("cp-" + provider.getAddress().substring(2, 8), GATEWAY_URL,
                "", units(OFFERED.cpuMillicores()), units(OFFERED.memoryMib()), units(OFFERED.storageGib()),
                BigInteger.ZERO, PRICES.perCpuMillicore(), PRICES.perMemoryMib(), PRICES.perStorageGib(),
                PRICES.perGpu()).send();
    }

    /**
     * The provider sets every price to {@code factor} times the test prices, after orders were made at
     * the old ones. The platform relays the provider's signed change, so the provider's account sends
     * nothing: its nonces belong to the gateway's outbox alone.
     */
    void raisePrices(Credentials provider, long factor) throws Exception {
        BigInteger f = BigInteger.valueOf(factor);
        UnitPrices raised = new UnitPrices(PRICES.perCpuMillicore().multiply(f), PRICES.perMemoryMib().multiply(f),
                PRICES.perStorageGib().multiply(f), PRICES.perGpu().multiply(f));
        String name = "cp-" + provider.getAddress().substring(2, 8);
        BigInteger nonce = chain.registry().nonces(provider.getAddress()).send();
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 3_600);
        byte[] signature = new RegistrySignatures(LocalChain.CHAIN_ID, chain.registry().getContractAddress())
                .signUpdate(provider, name, GATEWAY_URL, OFFERED, raised, nonce, deadline);
        chain.registry(chain.platform()).updateFor(provider.getAddress(), name, GATEWAY_URL, "",
                units(OFFERED.cpuMillicores()), units(OFFERED.memoryMib()), units(OFFERED.storageGib()),
                BigInteger.ZERO, raised.perCpuMillicore(), raised.perMemoryMib(), raised.perStorageGib(),
                raised.perGpu(), nonce, deadline, signature).send();
    }

    /** The user sends tokens to the market and the platform credits the transfer. */
    void credit(Credentials user, BigInteger amount) throws Exception {
        Market market = chain.market();
        TransactionReceipt transfer = chain.token(user).transfer(market.getContractAddress(), amount).send();
        chain.market(chain.platform()).credit(user.getAddress(), amount,
                Numeric.hexStringToByteArray(transfer.getTransactionHash()),
                transfer.getLogs().get(0).getLogIndex()).send();
    }

    /** The user creates an order directly on chain; returns its id. */
    BigInteger createOrder(Credentials user, Credentials provider, Resources resources, long durationSeconds)
            throws Exception {
        BigInteger cost = Pricing.cost(resources, PRICES, durationSeconds);
        credit(user, cost);
        chain.market(user).createOrder(provider.getAddress(), units(resources.cpuMillicores()),
                units(resources.memoryMib()), units(resources.storageGib()), units(resources.gpuCount()),
                units(durationSeconds), cost).send();
        return chain.market().orderCount().send();
    }

    /** The user cancels the order on chain. */
    void cancel(Credentials user, BigInteger orderId) throws Exception {
        chain.market(user).cancelOrder(orderId).send();
    }

    /** The provider's unwithdrawn earnings. */
    BigInteger earnings(Credentials provider) throws Exception {
        return chain.market().earningsOf(provider.getAddress()).send();
    }

    private static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }
}
