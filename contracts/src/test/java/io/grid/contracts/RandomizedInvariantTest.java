package io.grid.contracts;

import static io.grid.contracts.Fixtures.NO_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.wrappers.Market;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;

/**
 * Seeded random sequences of registry and market actions by many accounts; after every step the
 * market can pay everything it owes, its books add up account by account, and no token appears or
 * vanishes between users, providers and the market.
 */
@LocalChainTest
class RandomizedInvariantTest {

    private static final long SEED = 20_260_525L;
    private static final int STEPS = 200;
    private static final int USERS = 6;
    private static final int PROVIDERS = 4;

    private final List<Credentials> users = new ArrayList<>();
    private final List<Credentials> providers = new ArrayList<>();
    private final List<Credentials> everyone = new ArrayList<>();
    private int refunds;
    private int batches;

    @Test
    void marketStaysSolventAndTokensAreConservedThroughRandomSequences(LocalChain chain) throws Exception {
        for (int i = 1; i <= USERS; i++) {
            users.add(chain.user(i));
        }
        for (int i = 1; i <= PROVIDERS; i++) {
            providers.add(chain.provider(i));
        }
        everyone.addAll(users);
        everyone.addAll(providers);
        BigInteger tokensInPlay = tokensHeld(chain);
        Random random = new Random(SEED);
        int performed = 0;

        for (int step = 0; step < STEPS; step++) {
            if (step(chain, random)) {
                performed++;
            }
            assertInvariants(chain, tokensInPlay, step);
        }

        assertThat(performed).as("steps that changed state").isGreaterThan(STEPS / 3);
        assertThat(refunds).as("provider refunds among them").isPositive();
        assertThat(batches).as("batched completions among them").isPositive();
        assertThat(chain.market().orderCount().send()).isPositive();
    }

    /** One random action; false when the contract refused it (a refusal must change nothing). */
    private boolean step(LocalChain chain, Random random) throws Exception {
        Credentials user = users.get(random.nextInt(USERS));
        Credentials provider = providers.get(random.nextInt(PROVIDERS));
        BigInteger orderCount = chain.market().orderCount().send();
        BigInteger someOrder = orderCount.signum() == 0 ? BigInteger.ONE : BigInteger.valueOf(1 + random.nextInt(orderCount.intValueExact()));
        Market market = chain.market();
        switch (random.nextInt(12)) {
            case 0 -> {
                return attempt(chain, provider, chain.registry(), chain.registry(provider).register("cp", "https://gw.example", "",
                        BigInteger.valueOf(4_000), BigInteger.valueOf(8_192), BigInteger.valueOf(100), BigInteger.ZERO,
                        BigInteger.valueOf(1 + random.nextInt(5)), BigInteger.valueOf(random.nextInt(3)), BigInteger.ONE, BigInteger.ZERO));
            }
            case 1 -> {
                return random.nextInt(4) == 0 && attempt(chain, provider, chain.registry(), chain.registry(provider).deregister());
            }
            case 2, 3 -> {
                BigInteger amount = BigInteger.valueOf(1 + random.nextInt(5_000_000));
                Fixtures.depositAndCredit(chain, user, amount);
                return true;
            }
            case 4, 5 -> {
                return attempt(chain, user, market, chain.market(user).createOrder(provider.getAddress(),
                        BigInteger.valueOf(random.nextInt(1_500)), BigInteger.valueOf(random.nextInt(3_000)), BigInteger.valueOf(random.nextInt(30)),
                        BigInteger.ZERO, BigInteger.valueOf(1 + random.nextInt(600)), NO_LIMIT));
            }
            case 6 -> {
                Credentials payee = payeeOf(chain, someOrder, provider);
                return attempt(chain, payee, market, chain.market(payee).acceptOrder(someOrder));
            }
            case 7 -> {
                Credentials owner = userOf(chain, someOrder, user);
                return attempt(chain, owner, market, chain.market(owner).cancelOrder(someOrder));
            }
            case 8 -> {
                chain.advance(1 + random.nextInt(400));
                if (random.nextBoolean()) {
                    return attempt(chain, user, market, chain.market(user).completeOrder(someOrder));
                }
                // A batch of random ids, due or not, settled or not, known or not: it never reverts.
                List<BigInteger> batch = new ArrayList<>();
                for (int i = random.nextInt(6); i >= 0; i--) {
                    batch.add(BigInteger.valueOf(1 + random.nextInt(orderCount.intValueExact() + 2)));
                }
                batches++;
                return attempt(chain, user, market, chain.market(user).completeOrders(batch));
            }
            case 9 -> {
                Credentials payee = payeeOf(chain, someOrder, provider);
                boolean refunded = attempt(chain, payee, market, chain.market(payee).refundOrder(someOrder));
                refunds += refunded ? 1 : 0;
                return refunded;
            }
            case 10 -> {
                BigInteger credits = market.creditOf(user.getAddress()).send();
                BigInteger amount = credits.signum() == 0 ? BigInteger.ONE : credits.multiply(BigInteger.valueOf(random.nextInt(101))).divide(BigInteger.valueOf(100));
                return attempt(chain, user, market, chain.market(user).withdrawCredits(amount));
            }
            default -> {
                return attempt(chain, provider, market, chain.market(provider).withdrawEarnings());
            }
        }
    }

    private Credentials payeeOf(LocalChain chain, BigInteger orderId, Credentials fallback) throws Exception {
        String payee = chain.market().getOrder(orderId).send().getValue2();
        return everyone.stream().filter(c -> c.getAddress().equalsIgnoreCase(payee)).findFirst().orElse(fallback);
    }

    private Credentials userOf(LocalChain chain, BigInteger orderId, Credentials fallback) throws Exception {
        String owner = chain.market().getOrder(orderId).send().getValue1();
        return everyone.stream().filter(c -> c.getAddress().equalsIgnoreCase(owner)).findFirst().orElse(fallback);
    }

    /** Sends the call if a simulation says it succeeds; a refused call is never sent. */
    private static boolean attempt(LocalChain chain, Credentials from, Contract contract, RemoteFunctionCall<TransactionReceipt> call)
            throws Exception {
        boolean refused = chain.web3j().ethCall(Transaction.createEthCallTransaction(from.getAddress(), contract.getContractAddress(),
                call.encodeFunctionCall()), DefaultBlockParameterName.LATEST).send().hasError();
        if (refused) {
            return false;
        }
        assertThat(call.send().isStatusOK()).isTrue();
        return true;
    }

    private BigInteger tokensHeld(LocalChain chain) throws Exception {
        BigInteger total = chain.token().balanceOf(chain.market().getContractAddress()).send();
        for (Credentials account : everyone) {
            total = total.add(chain.token().balanceOf(account.getAddress()).send());
        }
        return total;
    }

    private void assertInvariants(LocalChain chain, BigInteger tokensInPlay, int step) throws Exception {
        Market market = chain.market();
        BigInteger balance = chain.token().balanceOf(market.getContractAddress()).send();
        BigInteger credits = market.totalCredits().send();
        BigInteger escrow = market.totalEscrow().send();
        BigInteger earnings = market.totalEarnings().send();
        assertThat(balance).as("step %d: market balance covers credits + escrow + earnings", step)
                .isGreaterThanOrEqualTo(credits.add(escrow).add(earnings));
        assertThat(tokensHeld(chain)).as("step %d: tokens conserved", step).isEqualTo(tokensInPlay);

        BigInteger userCredits = BigInteger.ZERO;
        for (Credentials u : users) {
            userCredits = userCredits.add(market.creditOf(u.getAddress()).send());
        }
        BigInteger providerEarnings = BigInteger.ZERO;
        for (Credentials p : providers) {
            providerEarnings = providerEarnings.add(market.earningsOf(p.getAddress()).send());
        }
        assertThat(userCredits).as("step %d: credits add up", step).isEqualTo(credits);
        assertThat(providerEarnings).as("step %d: earnings add up", step).isEqualTo(earnings);
        assertThat(openEscrow(chain, null)).as("step %d: escrow adds up", step).isEqualTo(escrow);
        BigInteger userEscrow = BigInteger.ZERO;
        for (Credentials u : users) {
            BigInteger held = market.escrowOf(u.getAddress()).send();
            assertThat(held).as("step %d: %s's escrow is the cost of their open orders", step, u.getAddress())
                    .isEqualTo(openEscrow(chain, u.getAddress()));
            userEscrow = userEscrow.add(held);
        }
        assertThat(userEscrow).as("step %d: users' escrow adds up", step).isEqualTo(escrow);
    }

    /** The cost of every open order, or of one user's when {@code user} is given. */
    private static BigInteger openEscrow(LocalChain chain, String user) throws IOException, Exception {
        BigInteger sum = BigInteger.ZERO;
        int count = chain.market().orderCount().send().intValueExact();
        for (int id = 1; id <= count; id++) {
            var order = chain.market().getOrder(BigInteger.valueOf(id)).send();
            int state = order.getValue9().intValueExact();
            if ((state == 1 || state == 2) && (user == null || user.equalsIgnoreCase(order.getValue1()))) {
                sum = sum.add(order.getValue10());
            }
        }
        return sum;
    }
}
