package io.grid.contracts;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.wrappers.Market;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** Arrange steps shared by the contract tests, in the flows' words. */
final class Fixtures {

    /** Capacity a test provider offers. */
    static final long CPU = 8_000;
    static final long MEMORY = 16_384;
    static final long STORAGE = 100;
    static final long GPUS = 2;
    /** Unit prices per second of a test provider. */
    static final BigInteger PRICE_CPU = BigInteger.valueOf(3);
    static final BigInteger PRICE_MEMORY = BigInteger.valueOf(1);
    static final BigInteger PRICE_STORAGE = BigInteger.valueOf(7);
    static final BigInteger PRICE_GPU = BigInteger.valueOf(1_000);

    /** A {@code maxCost} that binds nothing, for tests whose subject is not the price bound: 2^256 - 1. */
    static final BigInteger NO_LIMIT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private Fixtures() {
    }

    static TransactionReceipt registerProvider(LocalChain chain, Credentials provider) throws Exception {
        return chain.registry(provider).register("cp " + provider.getAddress().substring(2, 8), "https://gw.example/"
                        + provider.getAddress(), "A100", BigInteger.valueOf(CPU), BigInteger.valueOf(MEMORY),
                BigInteger.valueOf(STORAGE), BigInteger.valueOf(GPUS), PRICE_CPU, PRICE_MEMORY, PRICE_STORAGE, PRICE_GPU).send();
    }

    /** The user sends tokens to the market and the platform credits that transfer. */
    static TransactionReceipt depositAndCredit(LocalChain chain, Market market, Credentials user, BigInteger amount) throws Exception {
        TransactionReceipt transfer = chain.token(user).transfer(market.getContractAddress(), amount).send();
        return chain.market(market.getContractAddress(), chain.platform())
                .credit(user.getAddress(), amount, Numeric.hexStringToByteArray(transfer.getTransactionHash()),
                        transfer.getLogs().get(0).getLogIndex()).send();
    }

    static TransactionReceipt depositAndCredit(LocalChain chain, Credentials user, BigInteger amount) throws Exception {
        return depositAndCredit(chain, chain.market(), user, amount);
    }

    /** Price per second of an order of (cpu, memory, storage, gpus) at the test prices. */
    static BigInteger pricePerSecond(long cpu, long memory, long storage, long gpus) {
        return PRICE_CPU.multiply(BigInteger.valueOf(cpu)).add(PRICE_MEMORY.multiply(BigInteger.valueOf(memory)))
                .add(PRICE_STORAGE.multiply(BigInteger.valueOf(storage))).add(PRICE_GPU.multiply(BigInteger.valueOf(gpus)));
    }

    static BigInteger createOrder(LocalChain chain, Credentials user, Credentials provider, long cpu, long memory, long storage,
                                  long gpus, long duration) throws Exception {
        chain.market(user).createOrder(provider.getAddress(), BigInteger.valueOf(cpu), BigInteger.valueOf(memory),
                BigInteger.valueOf(storage), BigInteger.valueOf(gpus), BigInteger.valueOf(duration), NO_LIMIT).send();
        return chain.market().orderCount().send();
    }

    static BigInteger units(long value) {
        return BigInteger.valueOf(value);
    }
}
