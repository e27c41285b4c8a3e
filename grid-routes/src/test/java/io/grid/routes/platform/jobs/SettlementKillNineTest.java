package io.grid.routes.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.OrderState;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.wrappers.Market;
import io.grid.core.money.Settlement;
import io.grid.routes.platform.ContractAddresses;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.store.ChainOutbox;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.store.OrderStore;
import io.grid.routes.platform.store.OutboxEntry;
import io.grid.routes.platform.store.OutboxState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * CHECKLISTS "Faults": kill -9 during settlement and restart. A child JVM runs the platform's settlement path over
 * an on-disk Derby database and is killed with SIGKILL at a point it announced itself; a fresh platform over the
 * same database files then finishes the work. Every order ends settled exactly once, with no transaction doubled.
 */
class SettlementKillNineTest {

    /** A {@code maxCost} that binds nothing: these orders are not about the price bound. */
    private static final BigInteger ANY_COST = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static final int ORDERS = 12;
    /** Orders per completeOrders transaction ({@link SettlementCrashChild#SETTINGS}): 6 transactions in all. */
    private static final int BATCH = SettlementCrashChild.SETTINGS.settlementBatchSize();
    private static final int TRANSACTIONS = ORDERS / BATCH;
    /**
     * The child stops at the 4th transaction: 3 batches (6 orders) are then sent (in the node's mempool, not
     * mined), the 4th is stored signed but never sent, and the last 2 are only queued.
     */
    private static final int HOLD_AT = 4;
    private static final long BASE_DURATION = 600;
    private static final BigInteger PRICE_CPU_MILLICORE = BigInteger.valueOf(1_000_000);
    private static final BigInteger PRICE_MEMORY_MIB = BigInteger.valueOf(1_000);
    private static final Duration CHILD_DEADLINE = Duration.ofSeconds(90);
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(60);
    private static final String EOF = "<end of child output>";
    private static final int SIGKILL_EXIT_STATUS = 128 + 9;

    @TempDir
    Path directory;

    private LocalChain chain;
    private Process child;
    private PlatformAssembly restarted;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (restarted != null) {
            restarted.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void killNineMidSettlementThenRestartSettlesEveryOrderExactlyOnce() throws Exception {
        // Arrange: twelve accepted orders whose duration is over by the chain's clock; the node keeps what it
        // receives in its mempool so that the killed child leaves transactions sent but not mined.
        chain = LocalChain.start();
        Credentials user = chain.user(1);
        Credentials provider = chain.provider(1);
        Credentials platform = chain.platform();
        List<BigInteger> orderIds = createAcceptedOrders(user, provider);
        chain.advance(BASE_DURATION + 37L * ORDERS + 60);
        assertThat(nonce(platform, DefaultBlockParameterName.PENDING)).isZero();
        automine(false);
        Path databaseDirectory = directory.resolve("platform-db");

        // Act 1: the child settles until it holds at the 8th transaction; SIGKILL it there.
        child = startChild(databaseDirectory, platform);
        BlockingQueue<String> lines = readLines(child);
        Map<Integer, String> announcedHashes = new HashMap<>();
        String heldHash = awaitHold(lines, announcedHashes);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the killed child exits").isTrue();
        assertThat(child.exitValue()).as("exit status of SIGKILL").isEqualTo(SIGKILL_EXIT_STATUS);

        // Assert at the crash: Derby recovered every commit the child made before it was killed.
        DataSource database = TestDatabase.empty(databaseDirectory);
        Address platformAddress = Address.of(platform.getAddress());
        ChainOutbox table = new ChainOutbox(database, Clock.systemUTC());
        List<OutboxEntry> atCrash = table.all(platformAddress);
        assertThat(atCrash).extracting(OutboxEntry::state).containsExactlyElementsOf(statesAtCrash());
        for (int n = 1; n < HOLD_AT; n++) {
            assertThat(atCrash.get(n - 1).txHash()).isEqualTo(announcedHashes.get(n));
        }
        assertThat(atCrash.get(HOLD_AT - 1).txHash()).isEqualTo(heldHash);
        assertThat(settlementClaims(database)).hasSize(ORDERS)
                .containsValues(atCrash.stream().map(OutboxEntry::id).toArray(Long[]::new));
        assertThat(ordersPerOutboxEntry(database).values()).as("each batch claims its orders")
                .hasSize(TRANSACTIONS).containsOnly((long) BATCH);
        // The node mines what it accepted before the crash: each order is then settled once or untouched.
        assertThat(nonce(platform, DefaultBlockParameterName.PENDING)).isEqualTo(HOLD_AT - 1);
        chain.mine();
        automine(true);
        Map<OrderState, Long> statesOnChain = new HashMap<>();
        for (BigInteger id : orderIds) {
            statesOnChain.merge(orderState(id), 1L, Long::sum);
        }
        assertThat(statesOnChain).containsOnly(Map.entry(OrderState.COMPLETED, (long) (HOLD_AT - 1) * BATCH),
                Map.entry(OrderState.ACTIVE, (long) (ORDERS - (HOLD_AT - 1) * BATCH)));

        // Act 2: a fresh platform over the same database files runs passes until the outbox is empty.
        ContractAddresses contracts = new ContractAddresses(Address.of(chain.token().getContractAddress()),
                Address.of(chain.registry().getContractAddress()), Address.of(chain.market().getContractAddress()));
        restarted = new PlatformAssembly(database, chain.web3j(), chain.rpcUrl(), contracts, platform,
                SettlementCrashChild.SETTINGS, Clock.systemUTC());
        Instant deadline = Instant.now().plus(RECOVERY_DEADLINE);
        do {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("outbox not empty after " + RECOVERY_DEADLINE + ": " + table.open(platformAddress));
            }
            restarted.lifecycle().run();
            restarted.outbox().pass();
        } while (!table.open(platformAddress).isEmpty());
        OrderLifecycle.Pass last = restarted.lifecycle().run();

        // Assert: one completion per order, mined once, the same bytes that were stored before the crash.
        assertThat(last.queued()).isZero();
        assertThat(new OrderStore(database).open()).isEmpty();
        List<OutboxEntry> rows = table.all(platformAddress);
        assertThat(rows).hasSize(TRANSACTIONS).allSatisfy(row -> {
            assertThat(row.state()).isEqualTo(OutboxState.MINED);
            assertThat(row.succeeded()).isTrue();
        });
        assertThat(rows).extracting(OutboxEntry::txHash).doesNotHaveDuplicates()
                .startsWith(atCrash.subList(0, HOLD_AT).stream().map(OutboxEntry::txHash).toArray(String[]::new));
        assertThat(rows).extracting(OutboxEntry::nonce)
                .containsExactlyElementsOf(LongStream.range(0, TRANSACTIONS).boxed().toList());
        assertThat(nonce(platform, DefaultBlockParameterName.LATEST)).isEqualTo(rows.size());
        for (OutboxEntry row : rows) {
            Transaction mined = chain.web3j().ethGetTransactionByHash(row.txHash()).send().getTransaction()
                    .orElseThrow(() -> new AssertionError("no transaction " + row.txHash() + " on chain"));
            assertThat(mined.getFrom()).isEqualToIgnoringCase(platform.getAddress());
            assertThat(mined.getNonce().longValueExact()).isEqualTo(row.nonce());
        }
        assertThat(settlementClaims(database)).hasSize(ORDERS)
                .containsValues(rows.stream().map(OutboxEntry::id).toArray(Long[]::new));
        assertThat(ordersPerOutboxEntry(database).values()).hasSize(TRANSACTIONS).containsOnly((long) BATCH);

        // Assert: exactly one OrderCompleted and one OrderSettled per order, and the provider earned the sum
        // of the shares grid-core computes for each order at its settlement block.
        assertThat(eventsByOrder(Market.ORDERCOMPLETED_EVENT).keySet()).containsExactlyInAnyOrderElementsOf(orderIds);
        assertThat(eventsByOrder(Market.ORDERCOMPLETED_EVENT).values()).allSatisfy(logs -> assertThat(logs).hasSize(1));
        assertThat(eventsByOrder(Market.ORDERCOMPLETIONSKIPPED_EVENT)).as("no batch named an order settled before")
                .isEmpty();
        Map<BigInteger, List<Log>> settled = eventsByOrder(Market.ORDERSETTLED_EVENT);
        assertThat(settled.keySet()).containsExactlyInAnyOrderElementsOf(orderIds);
        BigInteger expectedEarnings = BigInteger.ZERO;
        for (BigInteger id : orderIds) {
            assertThat(settled.get(id)).as("OrderSettled events of order %s", id).hasSize(1);
            Log log = settled.get(id).get(0);
            var order = chain.market().getOrder(id).send();
            assertThat(order.component9()).isEqualTo(BigInteger.valueOf(3)); // Completed
            Settlement.Split split = Settlement.at(order.component10(), order.component7().longValueExact(),
                    Instant.ofEpochSecond(order.component8().longValueExact()), blockTime(log));
            List<Type> values = decodeSettled(log);
            assertThat(values.get(0).getValue()).as("provider share of order %s", id).isEqualTo(split.providerShare());
            assertThat(values.get(1).getValue()).as("refund of order %s", id).isEqualTo(split.refund());
            expectedEarnings = expectedEarnings.add(split.providerShare());
        }
        assertThat(chain.market().earningsOf(provider.getAddress()).send()).isEqualTo(expectedEarnings);
    }

    // ------------------------------------------------------------------ arrange

    /** The provider registers, the user gets credits, orders and the provider accepts each; none via the platform. */
    private List<BigInteger> createAcceptedOrders(Credentials user, Credentials provider) throws Exception {
        chain.registry(provider).register("kill-9 provider", "https://gateway-kill9.example", "",
                BigInteger.valueOf(16_000), BigInteger.valueOf(8_192), BigInteger.valueOf(100), BigInteger.ZERO,
                PRICE_CPU_MILLICORE, PRICE_MEMORY_MIB, BigInteger.ZERO, BigInteger.ZERO).send();
        creditByOwner(chain, user, BigInteger.TEN.pow(18));
        Market asUser = chain.market(user);
        Market asProvider = chain.market(provider);
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            asUser.createOrder(provider.getAddress(), BigInteger.valueOf(250 + 10L * i), BigInteger.valueOf(128),
                    BigInteger.ONE, BigInteger.ZERO, BigInteger.valueOf(BASE_DURATION + 37L * i), ANY_COST).send();
            BigInteger id = chain.market().orderCount().send();
            asProvider.acceptOrder(id).send();
            ids.add(id);
        }
        assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, ORDERS).mapToObj(BigInteger::valueOf).toList());
        return ids;
    }

    // ------------------------------------------------------------------ the child

    private Process startChild(Path databaseDirectory, Credentials platform) throws IOException {
        // The same java binary as this JVM; java.home names it where the OS does not tell.
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dderby.stream.error.file=" + directory.resolve("child-derby.log"),
                // The child opens the same database: Derby's directory, or PostgreSQL's database named from it.
                "-D" + TestDatabase.POSTGRES_PROPERTY + "=" + Objects.requireNonNullElse(TestDatabase.postgresUrl(), ""),
                SettlementCrashChild.class.getName(), databaseDirectory.toString(), chain.rpcUrl(),
                chain.token().getContractAddress(), chain.registry().getContractAddress(),
                chain.market().getContractAddress(), platform.getAddress(), String.valueOf(HOLD_AT));
        return new ProcessBuilder(command).redirectError(directory.resolve("child-stderr.log").toFile()).start();
    }

    /** The child's stdout, line by line, read on a daemon thread so that the child never blocks on a full pipe. */
    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The pipe breaks when the child is killed; the end marker below tells the test thread.
                lines.add("read failed: " + e.getMessage());
            }
            lines.add(EOF);
        }, "settlement-child-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Waits for the child's HOLDING line, collecting the hashes it stored and sent before; returns the held one. */
    private String awaitHold(BlockingQueue<String> lines, Map<Integer, String> storedHashes) throws Exception {
        Instant deadline = Instant.now().plus(CHILD_DEADLINE);
        List<String> seen = new ArrayList<>();
        while (true) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            String line = left > 0 ? lines.poll(left, TimeUnit.MILLISECONDS) : null;
            if (line == null || EOF.equals(line) || line.startsWith(SettlementCrashChild.PASS_FINISHED)) {
                throw new AssertionError("the child never held at transaction " + HOLD_AT + "; its output: " + seen
                        + "; its stderr: " + tail(directory.resolve("child-stderr.log")));
            }
            seen.add(line);
            String[] words = line.split(" ");
            if (words.length != 3) {
                continue; // not one of the child's announcements
            }
            int n = Integer.parseInt(words[1]);
            switch (words[0]) {
                case SettlementCrashChild.STORED -> storedHashes.put(n, words[2]);
                case SettlementCrashChild.ACCEPTED -> assertThat(storedHashes.get(n)).isEqualTo(words[2]);
                case SettlementCrashChild.HOLDING -> {
                    assertThat(n).isEqualTo(HOLD_AT);
                    assertThat(storedHashes).hasSize(HOLD_AT - 1);
                    return words[2];
                }
                default -> {
                    // another line on stdout; only the announcements matter
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            String text = Files.readString(file);
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<OutboxState> statesAtCrash() {
        List<OutboxState> states = new ArrayList<>();
        for (int n = 1; n <= TRANSACTIONS; n++) {
            states.add(n < HOLD_AT ? OutboxState.SENT : n == HOLD_AT ? OutboxState.SIGNED : OutboxState.QUEUED);
        }
        return states;
    }

    // ------------------------------------------------------------------ reading chain and database

    private void automine(boolean on) throws IOException {
        LocalChain.RawResponse answer = new Request<>("evm_setAutomine", List.of(on), new HttpService(chain.rpcUrl()),
                LocalChain.RawResponse.class).send();
        assertThat(answer.hasError()).as("evm_setAutomine answered an error").isFalse();
    }

    private long nonce(Credentials account, DefaultBlockParameterName block) throws IOException {
        return chain.web3j().ethGetTransactionCount(account.getAddress(), block).send().getTransactionCount()
                .longValueExact();
    }

    private OrderState orderState(BigInteger id) throws Exception {
        int state = chain.market().getOrder(id).send().component9().intValueExact();
        return switch (state) {
            case 2 -> OrderState.ACTIVE;
            case 3 -> OrderState.COMPLETED;
            default -> throw new AssertionError("order " + id + " is in state " + state + " on chain");
        };
    }

    /**
     * The owner (granted the platform role for it) credits {@code user}'s transfer itself, so that the platform
     * account's nonce counts only what the outbox sends.
     */
    static void creditByOwner(LocalChain chain, Credentials user, BigInteger credits) throws Exception {
        Market asOwner = chain.market();
        asOwner.grantRole(asOwner.PLATFORM_ROLE().send(), chain.owner().getAddress()).send();
        TransactionReceipt transfer = chain.token(user).transfer(asOwner.getContractAddress(), credits).send();
        asOwner.credit(user.getAddress(), credits, Numeric.hexStringToByteArray(transfer.getTransactionHash()),
                transfer.getLogs().get(0).getLogIndex()).send();
    }

    /** order id to outbox id, from the claims that keep each order's settlement single. */
    static Map<String, Long> settlementClaims(DataSource database) throws SQLException {
        Map<String, Long> claims = new HashMap<>();
        try (Connection c = database.getConnection(); Statement select = c.createStatement();
             ResultSet rows = select.executeQuery("SELECT order_id, outbox_id FROM order_settlement")) {
            while (rows.next()) {
                claims.put(rows.getString(1), rows.getLong(2));
            }
        }
        return claims;
    }

    /** outbox id to how many orders its batch claimed. */
    private static Map<Long, Long> ordersPerOutboxEntry(DataSource database) throws SQLException {
        Map<Long, Long> counts = new HashMap<>();
        for (Long outboxId : settlementClaims(database).values()) {
            counts.merge(outboxId, 1L, Long::sum);
        }
        return counts;
    }

    private Map<BigInteger, List<Log>> eventsByOrder(org.web3j.abi.datatypes.Event event) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO),
                DefaultBlockParameterName.LATEST, chain.market().getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(event));
        EthLog answer = chain.web3j().ethGetLogs(filter).send();
        assertThat(answer.hasError()).as("eth_getLogs answered an error").isFalse();
        Map<BigInteger, List<Log>> byOrder = new HashMap<>();
        for (EthLog.LogResult<?> item : answer.getLogs()) {
            Log log = (Log) item.get();
            byOrder.computeIfAbsent(Numeric.toBigInt(log.getTopics().get(1)), id -> new ArrayList<>()).add(log);
        }
        return byOrder;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> decodeSettled(Log log) {
        return FunctionReturnDecoder.decode(log.getData(), (List) List.of(new TypeReference<Uint256>() { },
                new TypeReference<Uint256>() { }, new TypeReference<Uint64>() { }));
    }

    private Instant blockTime(Log log) throws IOException {
        return Instant.ofEpochSecond(chain.web3j().ethGetBlockByHash(log.getBlockHash(), false).send().getBlock()
                .getTimestamp().longValueExact());
    }
}
