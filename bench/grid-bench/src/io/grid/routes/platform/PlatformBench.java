package io.grid.routes.platform;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.bench.BenchReport;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.wrappers.Market;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.store.OrderStore;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Throughput of the platform on one machine, against Anvil (automine) and Derby, over real HTTP with signed
 * requests ({@link PlatformFixture}, the fixture of the platform's own tests):
 * <ul>
 *   <li>orders created per second, end to end: {@code POST /orders} relays {@code createOrderFor}, waits for the
 *       receipt and stores the order; several users in parallel, for a fixed time;</li>
 *   <li>credit balance queries per second ({@code GET /credits/{user}}), several clients in parallel;</li>
 *   <li>settlements per second by the scheduled order lifecycle job, for batches of due orders created directly
 *       on chain: from the block that makes them due until every order is settled on chain and recorded as ended
 *       in the platform's database. A batch is cut off at the time budget and reported as partial.</li>
 * </ul>
 * Arguments: {@code --seconds S} per throughput phase (30), {@code --clients C} (8), {@code --batches 10,1000,10000},
 * {@code --budget-seconds B} for the settlement phase (240).
 */
public final class PlatformBench {

    /** A {@code maxCost} that binds nothing: these orders are not about the price bound. */
    private static final BigInteger ANY_COST = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static final Resources TINY = Resources.of(1, 1, 0);
    private static final UnitPrices PRICES = UnitPrices.of(1, 1, 1, 0);
    private static final Resources CAPACITY = Resources.of(4_000_000_000L, 4_000_000_000L, 1_000_000);
    private static final BigInteger CREDIT = BigInteger.TEN.pow(22);
    private static final long DUE_DURATION = 3_600;
    private static final BigInteger GAS_PRICE = BigInteger.valueOf(10_000_000_000L);
    private static final String ORDER_SETTLED = EventEncoder.encode(Market.ORDERSETTLED_EVENT);
    /** Raw transactions per JSON-RPC batch request when creating due orders. */
    private static final int SEND_BATCH = 250;

    private PlatformBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 30;
        int clients = 8;
        int[] batches = {10, 1_000, 10_000};
        long budgetSeconds = 240;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--budget-seconds" -> budgetSeconds = Long.parseLong(args[++i]);
                case "--batches" -> batches = java.util.Arrays.stream(args[++i].split(","))
                        .mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        clients = Math.min(clients, LocalChain.USERS);
        Path directory = Files.createTempDirectory("grid-bench-platform");
        int exit = 0;
        try (PlatformFixture fixture = new PlatformFixture(directory)) {
            Credentials ordersProvider = fixture.chain.provider(1);
            Credentials dueProvider = fixture.chain.provider(2);
            creditEveryUser(fixture);
            requireStatus(fixture.register(ordersProvider, CAPACITY, PRICES), 201, "register provider 1");
            requireStatus(fixture.register(dueProvider, CAPACITY, PRICES), 201, "register provider 2");
            BenchReport.progress("providers registered, %d users credited", LocalChain.USERS);
            // Throughput first: the settlement batches leave the lifecycle job busy with what the budget cut off.
            orderCreation(fixture, directory, ordersProvider, clients, seconds);
            creditQueries(fixture, clients, Math.max(5, seconds / 3));
            settlements(fixture, directory, dueProvider, batches, Instant.now().plusSeconds(budgetSeconds));
        } catch (RuntimeException e) {
            System.err.println("platform bench failed: " + e);
            exit = 1;
        }
        System.exit(exit); // Camel's, web3j's and Derby's threads would otherwise keep the JVM alive
    }

    // ------------------------------------------------------------------ orders

    private static void orderCreation(PlatformFixture fixture, Path directory, Credentials provider, int clients, int seconds)
            throws Exception {
        AtomicLong created = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long endAt = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 1; c <= clients; c++) {
            Credentials user = fixture.chain.user(c);
            running.add(pool.submit(() -> {
                while (System.nanoTime() < endAt) {
                    long sent = System.nanoTime();
                    HttpResponse<String> answer = fixture.post("/orders",
                            fixture.orderRequest(user, provider, TINY, 600, fixture.deadline()));
                    if (answer.statusCode() == 201) {
                        created.incrementAndGet();
                        latencies.add(BenchReport.millisSince(sent));
                    } else {
                        refused.incrementAndGet();
                        System.err.println("POST /orders answered " + answer.statusCode() + ": " + answer.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        double elapsed = BenchReport.millisSince(start) / 1000;
        pool.shutdown();
        double[] samples = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        long stored = new OrderStore(TestDatabase.empty(directory)).byProvider(
                Address.of(provider.getAddress())).size();
        BenchReport.row("platform", "orders created/s (HTTP->chain->DB)", BenchReport.decimal(created.get() / elapsed),
                String.format(Locale.ROOT, "%d created (%d in DB), %d refused, %d clients, %.1f s; p50 %.1f ms,"
                        + " p99 %.1f ms", created.get(), stored, refused.get(), clients, elapsed,
                        samples.length == 0 ? 0 : BenchReport.quantile(samples, 0.5),
                        samples.length == 0 ? 0 : BenchReport.quantile(samples, 0.99)));
    }

    // ------------------------------------------------------------------ credits

    private static void creditQueries(PlatformFixture fixture, int clients, int seconds) throws Exception {
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long endAt = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 1; c <= clients; c++) {
            String path = "/credits/" + fixture.chain.user(c).getAddress();
            running.add(pool.submit(() -> {
                while (System.nanoTime() < endAt) {
                    HttpResponse<String> answer = fixture.get(path);
                    if (answer.statusCode() == 200 && PlatformFixture.json(answer).has("available")) {
                        answered.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        double elapsed = BenchReport.millisSince(start) / 1000;
        pool.shutdown();
        BenchReport.row("platform", "credit queries/s (GET /credits/{user})",
                BenchReport.decimal(answered.get() / elapsed), String.format(Locale.ROOT,
                        "%d answered, %d failed, %d clients, %.1f s", answered.get(), failed.get(), clients, elapsed));
    }

    // ------------------------------------------------------------------ settlements

    private static void settlements(PlatformFixture fixture, Path directory, Credentials provider, int[] batches,
                                    Instant deadline) throws Exception {
        OrderStore store = new OrderStore(TestDatabase.empty(directory));
        Address providerAddress = Address.of(provider.getAddress());
        double setupPerOrder = -1;
        double lastRate = -1;
        for (int batch : batches) {
            long remaining = Duration.between(Instant.now(), deadline).toSeconds();
            if (setupPerOrder > 0 && batch * setupPerOrder > remaining * 0.5) {
                BenchReport.row("platform", "settlements/s @ " + batch + " due", "not measured", String.format(
                        Locale.ROOT, "creating %d due orders on chain takes ~%.0f s at the measured %.1f ms/order"
                                + " and settling them ~%.0f s at the last measured rate; %d s of the budget left",
                        batch, batch * setupPerOrder, setupPerOrder * 1000, batch / lastRate, remaining));
                continue;
            }
            long setupStart = System.nanoTime();
            long first = fixture.chain.market().orderCount().send().longValueExact() + 1;
            createDueOrders(fixture, provider, batch);
            setupPerOrder = BenchReport.millisSince(setupStart) / 1000 / batch;
            BenchReport.progress("%d active orders created on chain in %.1f s", batch, setupPerOrder * batch);

            long dueBlock = fixture.chain.blockNumber() + 1;
            fixture.chain.advance(DUE_DURATION + 5); // from this block on every order of the batch is over
            long dueAt = System.nanoTime();
            double onChainMillis = -1;
            int settled = 0;
            boolean recorded = false;
            while (Instant.now().isBefore(deadline)) {
                if (onChainMillis < 0) {
                    settled = settledSince(fixture, dueBlock, first, batch);
                    if (settled == batch) {
                        onChainMillis = BenchReport.millisSince(dueAt);
                    }
                }
                if (onChainMillis >= 0 && store.openByProvider(providerAddress).isEmpty()
                        && store.find(BigInteger.valueOf(first + batch - 1)).isPresent()) {
                    recorded = true;
                    break;
                }
                // Each check reads the chain and the database, which paces this loop; the job runs on its own.
                fixture.chain.blockNumber();
            }
            double allMillis = BenchReport.millisSince(dueAt);
            if (recorded) {
                lastRate = batch / (allMillis / 1000);
                BenchReport.row("platform", "settlements/s @ " + batch + " due",
                        BenchReport.decimal(batch / (allMillis / 1000)), String.format(Locale.ROOT,
                                "all %d settled on chain after %.2f s, ended in the platform DB after %.2f s",
                                batch, onChainMillis / 1000, allMillis / 1000));
            } else {
                if (onChainMillis < 0) {
                    settled = settledSince(fixture, dueBlock, first, batch);
                }
                BenchReport.row("platform", "settlements/s @ " + batch + " due",
                        BenchReport.decimal(settled / (allMillis / 1000)), String.format(Locale.ROOT,
                                "PARTIAL: budget ran out; %d of %d settled on chain in %.1f s", settled, batch,
                                allMillis / 1000));
                return; // the job is still busy with this batch; a later batch would measure the overlap
            }
        }
    }

    /** Orders [first, first + count) settled on chain since {@code fromBlock}, counted from OrderSettled logs. */
    private static int settledSince(PlatformFixture fixture, long fromBlock, long first, int count) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameterName.LATEST, fixture.chain.market().getContractAddress());
        filter.addSingleTopic(ORDER_SETTLED);
        int settled = 0;
        for (var item : fixture.chain.web3j().ethGetLogs(filter).send().getLogs()) {
            var log = (org.web3j.protocol.core.methods.response.EthLog.LogObject) item.get();
            long id = Numeric.toBigInt(log.getTopics().get(1)).longValueExact();
            if (id >= first && id < first + count) {
                settled++;
            }
        }
        return settled;
    }

    /**
     * Creates {@code count} orders of {@code TINY} for {@code provider} from all users, and has the provider accept
     * them, as raw transactions sent in JSON-RPC batch requests and mined in batches (automine off meanwhile): far
     * cheaper than one request and one block each.
     */
    private static void createDueOrders(PlatformFixture fixture, Credentials provider, int count) throws Exception {
        LocalChain chain = fixture.chain;
        Market market = chain.market();
        long before = market.orderCount().send().longValueExact();
        String to = market.getContractAddress();
        automine(chain, false);
        try {
            long[] nonces = new long[LocalChain.USERS + 1];
            for (int u = 1; u <= LocalChain.USERS; u++) {
                nonces[u] = pendingNonce(chain, chain.user(u));
            }
            // Every createOrder has the same calldata; the raw transactions go out SEND_BATCH per JSON-RPC request.
            String create = market.createOrder(provider.getAddress(), BigInteger.valueOf(TINY.cpuMillicores()),
                    BigInteger.valueOf(TINY.memoryMib()), BigInteger.valueOf(TINY.storageGib()), BigInteger.ZERO,
                    BigInteger.valueOf(DUE_DURATION), ANY_COST).encodeFunctionCall();
            List<String> raw = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int u = 1 + i % LocalChain.USERS;
                raw.add(signed(chain.user(u), nonces[u]++, to, create, 400_000));
            }
            sendAll(chain, raw);
            mineUntil(chain, () -> market.orderCount().send().longValueExact() >= before + count);
            long nonce = pendingNonce(chain, provider);
            raw.clear();
            for (long id = before + 1; id <= before + count; id++) {
                raw.add(signed(provider, nonce++, to, market.acceptOrder(BigInteger.valueOf(id)).encodeFunctionCall(),
                        200_000));
            }
            sendAll(chain, raw);
            long last = nonce;
            mineUntil(chain, () -> chain.web3j().ethGetTransactionCount(provider.getAddress(),
                    DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact() >= last);
        } finally {
            automine(chain, true);
        }
        if (market.orderCount().send().longValueExact() != before + count) {
            throw new IllegalStateException("expected " + count + " new orders on chain");
        }
        var lastOrder = market.getOrder(BigInteger.valueOf(before + count)).send();
        if (lastOrder.component8().signum() == 0) { // startedAt
            throw new IllegalStateException("the provider's acceptance of the last due order did not take effect");
        }
    }

    private interface ChainCondition {
        boolean holds() throws Exception;
    }

    private static void mineUntil(LocalChain chain, ChainCondition condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("transactions not mined within 300 s");
            }
            chain.mine();
        }
    }

    private static String signed(Credentials from, long nonce, String to, String data, long gas) {
        RawTransaction raw = RawTransaction.createTransaction(BigInteger.valueOf(nonce), GAS_PRICE,
                BigInteger.valueOf(gas), to, BigInteger.ZERO, data);
        return Numeric.toHexString(TransactionEncoder.signMessage(raw, LocalChain.CHAIN_ID, from));
    }

    /** Sends signed raw transactions in JSON-RPC batches of SEND_BATCH, in their order; any refusal fails the bench. */
    private static void sendAll(LocalChain chain, List<String> raw) throws Exception {
        for (int from = 0; from < raw.size(); from += SEND_BATCH) {
            BatchRequest batch = chain.web3j().newBatch();
            for (String hex : raw.subList(from, Math.min(raw.size(), from + SEND_BATCH))) {
                batch.add(chain.web3j().ethSendRawTransaction(hex));
            }
            for (Response<?> answer : batch.send().getResponses()) {
                if (answer.hasError()) {
                    throw new IllegalStateException("eth_sendRawTransaction: " + answer.getError().getMessage());
                }
            }
        }
    }

    private static long pendingNonce(LocalChain chain, Credentials account) throws Exception {
        return chain.web3j().ethGetTransactionCount(account.getAddress(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
    }

    private static void automine(LocalChain chain, boolean on) throws Exception {
        LocalChain.RawResponse answer = new Request<>("evm_setAutomine", List.of(on), new HttpService(chain.rpcUrl()),
                LocalChain.RawResponse.class).send();
        if (answer.hasError()) {
            throw new IllegalStateException("evm_setAutomine: " + answer.getError().getMessage());
        }
    }

    /**
     * Every user sends {@code CREDIT} tokens to the market; the platform's confirmation job sees the transfers in
     * the token's logs and credits them through its outbox, the only sender with the platform key (a credit sent
     * here with that key would race the outbox for its nonce).
     */
    private static void creditEveryUser(PlatformFixture fixture) throws Exception {
        LocalChain chain = fixture.chain;
        for (int u = 1; u <= LocalChain.USERS; u++) {
            chain.token(chain.user(u)).transfer(chain.market().getContractAddress(), CREDIT).send();
        }
        mineUntil(chain, () -> {
            for (int u = 1; u <= LocalChain.USERS; u++) {
                if (chain.market().creditOf(chain.user(u).getAddress()).send().compareTo(CREDIT) < 0) {
                    Thread.sleep(100); // the confirmation job and the outbox run every 100-200 ms
                    return false;
                }
            }
            return true;
        });
    }

    private static void requireStatus(HttpResponse<String> answer, int status, String what) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}
