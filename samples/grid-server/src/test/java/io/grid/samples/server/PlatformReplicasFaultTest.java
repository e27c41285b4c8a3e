package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.SignatureRequest;
import io.grid.api.Transfer;
import io.grid.api.TransferState;
import io.grid.api.UnitPrices;
import io.grid.client.ChainNode;
import io.grid.client.CreditPurchase;
import io.grid.client.GridClient;
import io.grid.client.GridClientException;
import io.grid.client.KeySigner;
import io.grid.client.OrderStatus;
import io.grid.client.ProviderTerms;
import io.grid.client.TransferReport;
import io.grid.contracts.chain.AnvilBinary;
import io.grid.contracts.chain.LocalChain;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Issue 20's proof: three platform processes (separate JVMs) on one PostgreSQL database and one Anvil chain, signing
 * with one platform key. Several clients pay tokens in, buy credits, create and cancel orders across the replicas,
 * each signed request sent again, same bytes, to another replica when the one it went to died. The leader (the
 * replica that signs the platform's transactions) is killed with {@code kill -9} while the settlement batches are
 * going out, then the next leader; both come back. Afterwards, read from the chain and the store: every order
 * settled exactly once, every transfer credited exactly once, the platform key's nonces consecutive with every
 * transaction successful and none replaced, every client request answered, and the next transaction went out
 * within {@link #LEADERSHIP_BOUND} of each kill.
 *
 * <p>Runs only with {@code -Dgrid.test.postgres} (bin/grid-test-postgres). {@code -Dgrid.test.replicas.args}
 * (space separated) adds properties to every replica, e.g. to turn the cluster service off and watch it fail.
 */
class PlatformReplicasFaultTest {

    /** From the leader's death to the next platform transaction mined. */
    static final Duration LEADERSHIP_BOUND = Duration.ofSeconds(30);

    static final UnitPrices PRICES = UnitPrices.of(2, 1, 5, 0);
    static final Resources CAPACITY = Resources.of(64_000, 262_144, 2_000);
    static final Resources ORDERED = Resources.of(1_000, 1_024, 1);
    static final long DURATION_SECONDS = 60;
    static final BigInteger PAID_IN = BigInteger.TEN.pow(21);
    static final int USERS = 3;
    static final int ORDERS_PER_USER = 3;

    static final String ORDER_SETTLED = Hash.sha3String("OrderSettled(uint256,uint256,uint256,uint64)");
    static final String ORDER_COMPLETION_SKIPPED = Hash.sha3String("OrderCompletionSkipped(uint256)");
    static final String ORDER_CANCELLED = Hash.sha3String("OrderCancelled(uint256)");
    static final String CREDITED = Hash.sha3String("Credited(address,uint256,bytes32,uint256)");

    private PlatformReplicas replicas;
    private final AtomicInteger retried = new AtomicInteger();

    @Test
    void killingTheLeaderTwiceLosesNothingAndDoesNothingTwice(@TempDir Path work) throws Exception {
        String postgres = System.getProperty("grid.test.postgres");
        assumeTrue(postgres != null && !postgres.isBlank(), "needs -Dgrid.test.postgres (bin/grid-test-postgres)");
        List<String> extra = Arrays.stream(System.getProperty("grid.test.replicas.args", "").split("\\s+"))
                .filter(s -> !s.isBlank()).toList();
        try (LocalChain chain = LocalChain.start(AnvilBinary.locate(), Duration.ofSeconds(1));
             PlatformReplicas started = new PlatformReplicas(chain, postgres, work, 3, extra)) {
            replicas = started;
            replicas.startAll(Duration.ofSeconds(120));
            run(chain);
        } finally {
            if (replicas != null) {
                for (int i = 0; i < replicas.size(); i++) {
                    System.out.println("---- replica " + i + " log tail: " + tail(replicas.replica(i).logText()));
                }
            }
        }
    }

    private void run(LocalChain chain) throws Exception {
        Web3j web3j = chain.web3j();
        KeySigner provider = KeySigner.of(chain.provider(1));
        ChainDescription described = any(GridClient::chain);
        Provider registered = any(c -> c.registerProvider(provider, new ProviderTerms("fault test provider",
                "http://127.0.0.1:9", CAPACITY, PRICES)));
        assertThat(registered.active()).isTrue();

        // Round one, all replicas up: the users pay in, buy credits and order; one order each is cancelled.
        ExecutorService clients = Executors.newFixedThreadPool(USERS + 1);
        Map<Integer, List<OrderStatus>> orders = new ConcurrentHashMap<>();
        Map<String, Transfer> transfers = new ConcurrentHashMap<>();
        List<Future<?>> round = new ArrayList<>();
        for (int u = 1; u <= USERS; u++) {
            int user = u;
            round.add(clients.submit(() -> {
                KeySigner signer = KeySigner.of(chain.user(user));
                Transfer paid = payIn(described, signer);
                transfers.put(paid.txHash(), paid);
                List<OrderStatus> made = new ArrayList<>();
                for (int k = 0; k < ORDERS_PER_USER; k++) {
                    made.add(createOrder(signer, provider.address()));
                }
                cancel(signer, made.get(0).id());
                orders.put(user, made);
                return null;
            }));
        }
        for (Future<?> f : round) {
            f.get(180, TimeUnit.SECONDS);
        }
        List<BigInteger> accepted = new ArrayList<>();
        List<BigInteger> cancelled = new ArrayList<>();
        for (List<OrderStatus> made : orders.values()) {
            cancelled.add(made.get(0).id());
            for (OrderStatus order : made.subList(1, made.size())) {
                chain.market(chain.provider(1)).acceptOrder(order.id()).send();
                accepted.add(order.id());
            }
        }

        // Round two, under faults: the orders' time ends (settlement batches go out) while the users pay in again.
        chain.advance(DURATION_SECONDS + 5);
        round.clear();
        for (int u = 1; u <= USERS; u++) {
            int user = u;
            round.add(clients.submit(() -> {
                Transfer paid = payIn(described, KeySigner.of(chain.user(user)));
                transfers.put(paid.txHash(), paid);
                return null;
            }));
        }
        PlatformReplicas.awaitTrue("a settlement batch is queued", Duration.ofSeconds(60),
                () -> count("SELECT count(*) FROM order_settlement") > 0);
        List<Duration> takeovers = new ArrayList<>();
        int first = leader();
        takeovers.add(killAndTime(web3j, chain, first));
        // Something for the next leader to send whatever is left queued: a fresh user pays in during the kill.
        round.add(clients.submit(() -> {
            Transfer paid = payIn(described, KeySigner.of(chain.user(USERS + 1)));
            transfers.put(paid.txHash(), paid);
            return null;
        }));
        int second = leader();
        takeovers.add(killAndTime(web3j, chain, second));
        replicas.replica(first).start();
        replicas.replica(second).start();
        for (Future<?> f : round) {
            f.get(180, TimeUnit.SECONDS);
        }
        PlatformReplicas.awaitTrue("the killed replicas answer again", Duration.ofSeconds(120),
                () -> replicas.replica(first).ready() && replicas.replica(second).ready());
        PlatformReplicas.awaitTrue("every accepted order is settled", Duration.ofSeconds(120),
                () -> accepted.stream().allMatch(id -> quietly(c -> c.order(id)).isSettledEnd()));
        PlatformReplicas.awaitTrue("the outbox is empty", Duration.ofSeconds(60),
                () -> count("SELECT count(*) FROM chain_outbox WHERE state NOT IN ('MINED', 'DROPPED')") == 0);
        clients.shutdown();

        String platform = chain.platform().getAddress().toLowerCase();
        String market = chain.market().getContractAddress();

        // The platform key's transactions: nonces 0..n-1 each once, all successful, each the outbox's bytes.
        Map<Long, String> minedByNonce = new HashMap<>();
        long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        for (long b = 0; b <= latest; b++) {
            EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)),
                    true).send().getBlock();
            for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
                Transaction tx = (Transaction) result.get();
                if (platform.equalsIgnoreCase(tx.getFrom())) {
                    assertThat(minedByNonce.put(tx.getNonce().longValueExact(), tx.getHash()))
                            .as("a second mined transaction with nonce " + tx.getNonce()).isNull();
                    TransactionReceipt receipt = web3j.ethGetTransactionReceipt(tx.getHash()).send()
                            .getTransactionReceipt().orElseThrow();
                    assertThat(receipt.getStatus()).as("receipt of " + tx.getHash() + " nonce " + tx.getNonce())
                            .isEqualTo("0x1");
                }
            }
        }
        long sent = web3j.ethGetTransactionCount(platform, DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        assertThat(minedByNonce.keySet()).as("the platform key's nonces").hasSize((int) sent);
        for (long n = 0; n < sent; n++) {
            assertThat(minedByNonce).as("nonce " + n + " mined").containsKey(n);
        }
        try (Connection db = replicas.database(); Statement st = db.createStatement();
             ResultSet rows = st.executeQuery("SELECT nonce, tx_hash, state, receipt_status FROM chain_outbox "
                     + "WHERE nonce IS NOT NULL")) {
            while (rows.next()) {
                long nonce = rows.getLong(1);
                assertThat(rows.getString(3)).as("outbox entry with nonce " + nonce).isEqualTo("MINED");
                assertThat(rows.getString(2)).as("the outbox's transaction for nonce " + nonce + " is the mined one")
                        .isEqualToIgnoringCase(minedByNonce.get(nonce));
            }
        }

        // Every accepted order settled exactly once, no batch passed over one (a second send would), the cancelled
        // ones cancelled once.
        Map<BigInteger, Integer> settled = countByOrder(web3j, market, ORDER_SETTLED);
        Map<BigInteger, Integer> skipped = countByOrder(web3j, market, ORDER_COMPLETION_SKIPPED);
        Map<BigInteger, Integer> cancels = countByOrder(web3j, market, ORDER_CANCELLED);
        for (BigInteger id : accepted) {
            assertThat(settled.getOrDefault(id, 0)).as("settlements of order " + id).isEqualTo(1);
            assertThat(quietly(c -> c.order(id)).isSettledEnd()).as("the store says order " + id + " settled")
                    .isTrue();
        }
        assertThat(skipped).as("orders a completeOrders batch passed over (sent twice)").isEmpty();
        for (BigInteger id : cancelled) {
            assertThat(cancels.getOrDefault(id, 0)).as("cancellations of order " + id).isEqualTo(1);
        }

        // Every transfer credited exactly once, on chain and in the store.
        Map<String, Integer> credited = new HashMap<>();
        for (Log log : logs(web3j, market, CREDITED)) {
            String key = log.getTopics().get(2) + "/" + new BigInteger(log.getData().substring(66), 16);
            credited.merge(key, 1, Integer::sum);
        }
        assertThat(transfers).hasSize(USERS * 2 + 1);
        for (Transfer t : transfers.values()) {
            String key = t.txHash() + "/" + t.logIndex();
            assertThat(credited.getOrDefault(key, 0)).as("credits of transfer " + key).isEqualTo(1);
            assertThat(quietly(c -> c.purchaseCredits(t.txHash(), t.logIndex())).state())
                    .isEqualTo(TransferState.CREDITED);
        }
        assertThat(credited).as("credits on chain").hasSize(transfers.size());

        for (int i = 0; i < takeovers.size(); i++) {
            System.out.println("fault test: kill " + (i + 1) + " -> next platform transaction mined after "
                    + takeovers.get(i).toMillis() + " ms");
            assertThat(takeovers.get(i)).as("leadership moved").isLessThanOrEqualTo(LEADERSHIP_BOUND);
        }
        System.out.println("fault test: platform transactions " + sent + ", requests sent again to another replica "
                + retried.get());
    }

    // ------------------------------------------------------------------ the clients' side

    /** Pays tokens in from the user's wallet, then reports, waits and buys credits through whichever replica lives. */
    private Transfer payIn(ChainDescription described, KeySigner user) throws Exception {
        String tx;
        try (ChainNode node = new ChainNode(described.rpcUrl(), LocalChain.CHAIN_ID)) {
            tx = node.transferTokens(user, described.token().address(), described.payTo(), PAID_IN);
        }
        any(c -> c.reportTransfer(tx));
        Transfer[] confirmed = new Transfer[1];
        PlatformReplicas.awaitTrue("transfer " + tx + " confirmed", Duration.ofSeconds(120), () -> {
            TransferReport report = quietly(c -> c.refreshTransfer(tx));
            if (!report.transfers().isEmpty() && report.transfers().get(0).state() != TransferState.PENDING) {
                confirmed[0] = report.transfers().get(0);
                return true;
            }
            return false;
        });
        Transfer transfer = confirmed[0];
        // Asked twice, through two replicas when they live: one credit.
        CreditPurchase first = any(c -> c.purchaseCredits(tx, transfer.logIndex()));
        CreditPurchase second = any(c -> c.purchaseCredits(tx, transfer.logIndex()));
        assertThat(second.amount()).isEqualTo(first.amount());
        PlatformReplicas.awaitTrue("transfer " + tx + " credited", Duration.ofSeconds(120),
                () -> quietly(c -> c.purchaseCredits(tx, transfer.logIndex())).state() == TransferState.CREDITED);
        return transfer;
    }

    /** Signs one CreateOrder and sends those same bytes until a replica answers (the request nonce is its id). */
    private OrderStatus createOrder(KeySigner user, Address provider) {
        SignatureRequest toSign = any(c -> c.orderToSign(user.address(), provider, ORDERED, DURATION_SECONDS));
        return any(c -> c.createOrder(user, toSign));
    }

    private void cancel(KeySigner user, BigInteger orderId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.address());
        body.put("orderId", orderId);
        SignatureRequest toSign = any(c -> c.signatureRequest("cancel-order", body));
        any(c -> c.submit(user, toSign));
    }

    private final AtomicInteger next = new AtomicInteger();

    /**
     * Sends a request to the live replicas in turn until one answers; a 4xx refusal is an answer (thrown), a dead
     * or dying replica (connection refused, 5xx) makes it go to the next one, the same request.
     */
    private <T> T any(Function<GridClient, T> request) {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        GridClientException last = null;
        boolean again = false;
        while (System.nanoTime() < end) {
            PlatformReplicas.Replica replica = replicas.replica(Math.floorMod(next.getAndIncrement(), replicas.size()));
            if (!replica.alive()) {
                continue;
            }
            try {
                T answer = request.apply(new GridClient(replica.url(), HttpClient.newHttpClient(),
                        Duration.ofSeconds(30)));
                if (again) {
                    retried.incrementAndGet();
                }
                return answer;
            } catch (io.grid.client.GridProblemException e) {
                if (e.status() < 500) {
                    throw e;
                }
                last = e;
            } catch (GridClientException | java.io.UncheckedIOException e) {
                last = e instanceof GridClientException g ? g : null;
            }
            again = true;
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new AssertionError("no replica answered within 120 s", last);
    }

    /** {@link #any} for polls. */
    private <T> T quietly(Function<GridClient, T> request) {
        return any(request);
    }

    // ------------------------------------------------------------------ the replicas' side

    private static final Pattern SIGNED = Pattern.compile("^(\\S+ \\S+).*event=transaction_signed", Pattern.MULTILINE);

    /**
     * The replica that signed the platform's latest transaction (its log's last {@code transaction_signed} is the
     * latest of all living replicas); the one to kill.
     */
    private int leader() {
        int best = -1;
        String bestTime = "";
        for (int i = 0; i < replicas.size(); i++) {
            PlatformReplicas.Replica replica = replicas.replica(i);
            if (!replica.alive()) {
                continue;
            }
            Matcher m = SIGNED.matcher(replica.logText());
            String lastTime = null;
            while (m.find()) {
                lastTime = m.group(1);
            }
            if (lastTime != null && lastTime.compareTo(bestTime) > 0) {
                bestTime = lastTime;
                best = i;
            }
        }
        if (best < 0) {
            for (int i = 0; i < replicas.size(); i++) {
                if (replicas.replica(i).alive()) {
                    return i;
                }
            }
        }
        return best;
    }

    /** Kills replica {@code index}, then waits for the next platform transaction mined; returns how long it took. */
    private Duration killAndTime(Web3j web3j, LocalChain chain, int index) throws Exception {
        String platform = chain.platform().getAddress();
        long before = nonceOf(web3j, platform);
        long start = System.nanoTime();
        replicas.replica(index).kill();
        System.out.println("fault test: killed replica " + index + " (kill -9) at platform nonce " + before);
        PlatformReplicas.awaitTrue("a platform transaction after killing replica " + index,
                LEADERSHIP_BOUND.plusSeconds(60), () -> {
                    try {
                        return nonceOf(web3j, platform) > before;
                    } catch (Exception e) {
                        return false;
                    }
                });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long nonceOf(Web3j web3j, String address) throws Exception {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST).send().getTransactionCount()
                .longValueExact();
    }

    private long count(String sql) {
        try (Connection db = replicas.database(); Statement st = db.createStatement();
             ResultSet rows = st.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static List<Log> logs(Web3j web3j, String address, String topic) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                address);
        filter.addSingleTopic(topic);
        List<Log> out = new ArrayList<>();
        for (EthLog.LogResult<?> result : web3j.ethGetLogs(filter).send().getLogs()) {
            out.add((Log) result.get());
        }
        return out;
    }

    private static Map<BigInteger, Integer> countByOrder(Web3j web3j, String market, String topic) throws Exception {
        Map<BigInteger, Integer> counts = new HashMap<>();
        for (Log log : logs(web3j, market, topic)) {
            counts.merge(new BigInteger(log.getTopics().get(1).substring(2), 16), 1, Integer::sum);
        }
        return counts;
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }
}
