package io.grid.routes.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.wrappers.Market;
import io.grid.routes.chain.ChainCall;
import io.grid.routes.chain.ConfirmationSettings;
import io.grid.routes.chain.OutboxHandle;
import io.grid.routes.chain.OutboxSettings;
import io.grid.routes.platform.ContractAddresses;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.store.ChainOutbox;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.store.OrderStore;
import io.grid.routes.platform.store.OutboxEntry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The platform's order lifecycle job settling due orders with {@code Market.completeOrders} in batches: one outbox
 * entry per batch, every order of it claimed once (two instances at once too), each order's end recorded, and an
 * order queued again when its mined batch (reverted, or successful but passing over it) left it active and over.
 */
class OrderLifecycleBatchTest {

    /** A {@code maxCost} that binds nothing: these orders are not about the price bound. */
    private static final BigInteger ANY_COST = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static final int BATCH = 3;
    private static final long DURATION = 600;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private LocalChain chain;
    private DataSource database;
    private final List<PlatformAssembly> platforms = new ArrayList<>();
    private Credentials user;
    private Credentials provider;

    @BeforeEach
    void start() throws Exception {
        chain = LocalChain.start();
        database = TestDatabase.empty(directory.resolve("platform-db"));
        user = chain.user(1);
        provider = chain.provider(1);
        chain.registry(provider).register("batch provider", "https://gateway-batch.example", "",
                BigInteger.valueOf(1_000_000), BigInteger.valueOf(1_000_000), BigInteger.valueOf(100), BigInteger.ZERO,
                BigInteger.valueOf(1_000), BigInteger.valueOf(10), BigInteger.ZERO, BigInteger.ZERO).send();
        SettlementKillNineTest.creditByOwner(chain, user, BigInteger.TEN.pow(18));
    }

    @AfterEach
    void stop() {
        platforms.forEach(PlatformAssembly::close);
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void settlesDueOrdersInBatchesOfTheConfiguredSizeAndRecordsEachOrdersEnd() throws Exception {
        List<BigInteger> ids = acceptedOrders(7);
        chain.advance(DURATION + 5);
        PlatformAssembly platform = platform();

        OrderLifecycle.Pass first = platform.lifecycle().run();
        driveUntilNoneOpen(platform);

        assertThat(first.imported()).isEqualTo(7);
        assertThat(first.queued()).isEqualTo(7);
        assertThat(first.batches()).isEqualTo(3);
        assertThat(first.retried()).isZero();
        Map<String, Long> claims = settlementClaims();
        assertThat(claims).hasSize(7);
        Map<Long, Long> perEntry = new HashMap<>();
        claims.values().forEach(outboxId -> perEntry.merge(outboxId, 1L, Long::sum));
        assertThat(perEntry.values()).containsExactlyInAnyOrder(3L, 3L, 1L);
        List<OutboxEntry> entries = new ChainOutbox(database, Clock.systemUTC())
                .all(Address.of(chain.platform().getAddress()));
        assertThat(entries).hasSize(3).allSatisfy(entry -> assertThat(entry.succeeded()).isTrue());
        assertThat(entries).extracting(OutboxEntry::gasLimit).containsExactly(OrderLifecycle.gasLimitFor(3),
                OrderLifecycle.gasLimitFor(3), OrderLifecycle.gasLimitFor(1));
        assertThat(events(Market.ORDERCOMPLETED_EVENT)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(events(Market.ORDERCOMPLETIONSKIPPED_EVENT)).isEmpty();
        OrderStore store = new OrderStore(database);
        for (BigInteger id : ids) {
            Order order = store.find(id).orElseThrow();
            assertThat(order.state()).isEqualTo(OrderState.COMPLETED);
            assertThat(order.settled()).isTrue();
            assertThat(order.endedAt()).isEqualTo(order.startedAt().plusSeconds(DURATION));
        }
        OrderLifecycle.Pass after = platform.lifecycle().run();
        assertThat(after.queued()).isZero();
        assertThat(after.ended()).isZero();
    }

    @Test
    void twoInstancesRunningAtOnceQueueEveryOrderOnce() throws Exception {
        List<BigInteger> ids = acceptedOrders(20);
        chain.advance(DURATION + 5);
        PlatformAssembly one = platform();
        PlatformAssembly two = platform();
        // Both have read the orders in, so that both find all twenty due in the racing pass.
        one.orders().importNew();
        two.orders().importNew();

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<OrderLifecycle.Pass> first = pool.submit(() -> {
            together.await(30, TimeUnit.SECONDS);
            return one.lifecycle().run();
        });
        Future<OrderLifecycle.Pass> second = pool.submit(() -> {
            together.await(30, TimeUnit.SECONDS);
            return two.lifecycle().run();
        });
        int queued = first.get(60, TimeUnit.SECONDS).queued() + second.get(60, TimeUnit.SECONDS).queued();
        pool.shutdown();
        driveUntilNoneOpen(one);

        assertThat(queued).as("orders queued by both instances together").isEqualTo(20);
        assertThat(settlementClaims()).hasSize(20);
        assertThat(events(Market.ORDERCOMPLETED_EVENT)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(events(Market.ORDERCOMPLETIONSKIPPED_EVENT)).as("no order was in two batches").isEmpty();
    }

    @Test
    void queuesAgainAnOrderWhoseMinedBatchSucceededButPassedOverIt() throws Exception {
        BigInteger id = acceptedOrders(1).get(0);
        PlatformAssembly platform = platform();
        // A batch mined while the order was not over by the chain's clock (as after a reorg moved the clock back):
        // the transaction succeeds and passes over the order.
        long earlier = minedClaimOf(platform, id, chain.market().completeOrders(List.of(id)).encodeFunctionCall(),
                true);
        assertThat(events(Market.ORDERCOMPLETIONSKIPPED_EVENT)).containsExactly(id);
        chain.advance(DURATION + 5);

        OrderLifecycle.Pass pass = platform.lifecycle().run();
        driveUntilNoneOpen(platform);

        assertThat(pass.retried()).isEqualTo(1);
        assertThat(pass.queued()).isEqualTo(1);
        assertThat(settlementClaims().get(id.toString())).isNotEqualTo(earlier);
        assertThat(events(Market.ORDERCOMPLETED_EVENT)).containsExactly(id);
        assertThat(new OrderStore(database).find(id).orElseThrow().state()).isEqualTo(OrderState.COMPLETED);
    }

    @Test
    void queuesAgainAnOrderWhoseMinedBatchReverted() throws Exception {
        BigInteger id = acceptedOrders(1).get(0);
        PlatformAssembly platform = platform();
        // completeOrder of an order that is not over reverts (OrderNotOver): mined with a failed receipt.
        long earlier = minedClaimOf(platform, id, chain.market().completeOrder(id).encodeFunctionCall(), false);
        chain.advance(DURATION + 5);

        OrderLifecycle.Pass pass = platform.lifecycle().run();
        driveUntilNoneOpen(platform);

        assertThat(pass.retried()).isEqualTo(1);
        assertThat(settlementClaims().get(id.toString())).isNotEqualTo(earlier);
        assertThat(events(Market.ORDERCOMPLETED_EVENT)).containsExactly(id);
    }

    @Test
    void leavesAnOrderWhoseBatchIsNotMinedYetToThatBatch() throws Exception {
        BigInteger id = acceptedOrders(1).get(0);
        chain.advance(DURATION + 5);
        PlatformAssembly platform = platform();
        long outboxId;
        try (Connection c = database.getConnection()) { // queued, never signed: not mined
            outboxId = platform.outbox().enqueue(c, new ChainCall(Address.of(chain.market().getContractAddress()),
                    chain.market().completeOrders(List.of(id)).encodeFunctionCall(), OrderLifecycle.gasLimitFor(1)));
        }
        claim(id, outboxId);

        OrderLifecycle.Pass pass = platform.lifecycle().run();

        assertThat(pass.queued()).isZero();
        assertThat(pass.retried()).isZero();
        assertThat(settlementClaims()).containsExactly(Map.entry(id.toString(), outboxId));
    }

    // ------------------------------------------------------------------ arrange

    private PlatformAssembly platform() {
        ContractAddresses contracts = new ContractAddresses(Address.of(chain.token().getContractAddress()),
                Address.of(chain.registry().getContractAddress()), Address.of(chain.market().getContractAddress()));
        PlatformSettings settings = new PlatformSettings("127.0.0.1", 0, LocalChain.CHAIN_ID,
                new ConfirmationSettings(3, 0, 10_000, BigInteger.valueOf(300_000)),
                new OutboxSettings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100),
                        Duration.ofSeconds(2)),
                Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), BigInteger.valueOf(300_000),
                Duration.ofSeconds(30), Duration.ZERO, 0, BATCH);
        PlatformAssembly platform = new PlatformAssembly(database, chain.web3j(), chain.rpcUrl(), contracts,
                chain.platform(), settings, Clock.systemUTC());
        platforms.add(platform);
        return platform;
    }

    /** {@code count} orders of the user, accepted by the provider, all running for {@link #DURATION}. */
    private List<BigInteger> acceptedOrders(int count) throws Exception {
        Market asUser = chain.market(user);
        Market asProvider = chain.market(provider);
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            asUser.createOrder(provider.getAddress(), BigInteger.valueOf(100), BigInteger.valueOf(64), BigInteger.ONE,
                    BigInteger.ZERO, BigInteger.valueOf(DURATION), ANY_COST).send();
            BigInteger id = chain.market().orderCount().send();
            asProvider.acceptOrder(id).send();
            ids.add(id);
        }
        return ids;
    }

    /** Sends {@code data} to the market through the outbox, waits for it to be mined and claims the order for it. */
    private long minedClaimOf(PlatformAssembly platform, BigInteger orderId, String data, boolean succeeds)
            throws Exception {
        OutboxHandle handle = platform.outbox().submit(new ChainCall(Address.of(chain.market().getContractAddress()),
                data, OrderLifecycle.gasLimitFor(1)));
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!handle.receipt().isDone()) {
            assertThat(Instant.now()).as("the call is mined in time").isBefore(deadline);
            platform.outbox().pass();
        }
        assertThat(handle.receipt().get().isStatusOK()).isEqualTo(succeeds);
        claim(orderId, handle.outboxId());
        return handle.outboxId();
    }

    private void claim(BigInteger orderId, long outboxId) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO order_settlement (order_id, outbox_id, queued_at) VALUES (?, ?, ?)")) {
            insert.setString(1, orderId.toString());
            insert.setLong(2, outboxId);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** Lifecycle and outbox passes until the platform's database holds no open order. */
    private void driveUntilNoneOpen(PlatformAssembly platform) {
        OrderStore store = new OrderStore(database);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!store.open().isEmpty()) {
            assertThat(Instant.now()).as("every order ended in time; open: %s", store.open()).isBefore(deadline);
            platform.outbox().pass();
            platform.lifecycle().run();
        }
    }

    // ------------------------------------------------------------------ reading chain and database

    private Map<String, Long> settlementClaims() throws SQLException {
        return SettlementKillNineTest.settlementClaims(database);
    }

    /** The order ids of every {@code event} the market emitted, one entry per event. */
    private List<BigInteger> events(org.web3j.abi.datatypes.Event event) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO),
                DefaultBlockParameterName.LATEST, chain.market().getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(event));
        EthLog answer = chain.web3j().ethGetLogs(filter).send();
        assertThat(answer.hasError()).as("eth_getLogs answered an error").isFalse();
        List<BigInteger> ids = new ArrayList<>();
        for (EthLog.LogResult<?> item : answer.getLogs()) {
            ids.add(Numeric.toBigInt(((Log) item.get()).getTopics().get(1)));
        }
        return ids;
    }
}
