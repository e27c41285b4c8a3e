package io.grid.routes.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grid.api.Address;
import io.grid.routes.chain.AnvilNode;
import io.grid.routes.chain.ChainCall;
import io.grid.routes.chain.CountingHttpService;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.outbox.OutboxEntry;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.outbox.OutboxState;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.store.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;

/**
 * Two platform replicas in one JVM on one PostgreSQL ({@code -Dgrid.test.postgres}, as bin/grid-test-postgres
 * passes it; skipped on Derby, where the platform runs one node): the advisory-lock cluster service elects one
 * sender, the other takes over when the leader's lock session dies, resumes the outbox from the table without a
 * second signature, and a replica whose lock is gone refuses to sign.
 */
class DatabaseLockClusterPostgresTest {

    private static final String NAMESPACE = "grid-platform-sender";
    private static final Address TARGET = Address.of(AnvilNode.OTHER.getAddress());
    private static final Address PLATFORM = Address.of(AnvilNode.PLATFORM.getAddress());
    private static final ChainCall CALL = new ChainCall(TARGET, "0xcafe", BigInteger.valueOf(60_000));
    private static final OutboxSettings FAST = new OutboxSettings(Duration.ofMillis(50), Duration.ofSeconds(30),
            Duration.ofMillis(100), Duration.ofSeconds(2));
    /** Stated bound of a takeover after the leader's lock session dies: detection plus one retry interval. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private AnvilNode anvil;
    private DataSource dataSource;
    private final List<DefaultCamelContext> contexts = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(TestDatabase.postgresUrl() != null, "needs PostgreSQL (-Dgrid.test.postgres)");
        anvil = AnvilNode.start();
        dataSource = TestDatabase.migrated(directory);
    }

    @AfterEach
    void stop() {
        contexts.forEach(DefaultCamelContext::stop);
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void oneSenderAndTheOtherTakesOverWithoutASecondSignature() throws Exception {
        Replica a = replica("a", Duration.ofMillis(200), anvil.url());
        Replica b = replica("b", Duration.ofMillis(200), anvil.url());
        await(() -> a.view.leading() || b.view.leading(), Duration.ofSeconds(10));
        Thread.sleep(600); // several retry intervals: the other must still not lead
        assertThat(a.view.leading() && b.view.leading()).isFalse();
        Replica leader = a.view.leading() ? a : b;
        Replica follower = leader == a ? b : a;

        // Both replicas take calls; only the leader signs and sends.
        for (int i = 0; i < 3; i++) {
            leader.outbox.submit(CALL);
            follower.outbox.submit(CALL);
        }
        follower.outbox.pass();
        leader.outbox.pass();
        follower.outbox.pass();
        assertThat(follower.rpc.count("eth_sendRawTransaction")).isZero();
        assertThat(leader.rpc.count("eth_sendRawTransaction")).isGreaterThanOrEqualTo(6);

        // The leader signs one more, then cannot send it (its node is away) and its lock session dies.
        leader.rpc.fail("eth_sendRawTransaction");
        long last = leader.outbox.submit(CALL).outboxId();
        OutboxEntry signed = new ChainOutbox(dataSource, Clock.systemUTC()).find(last).orElseThrow();
        assertThat(signed.state()).isEqualTo(OutboxState.SIGNED);
        long killedAt = System.nanoTime();
        terminate(leader.view.lockSessionPid());
        await(follower.view::leading, TAKEOVER_BOUND);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("database lock takeover after the leader's session died: " + takeover.toMillis() + " ms");
        await(() -> !leader.view.leading(), TAKEOVER_BOUND);

        // The new leader resumes from the table: the stored bytes go out, nothing is signed twice.
        follower.outbox.pass();
        await(() -> {
            follower.outbox.pass();
            return new ChainOutbox(dataSource, Clock.systemUTC()).open(PLATFORM).isEmpty();
        }, Duration.ofSeconds(20));
        List<OutboxEntry> all = new ChainOutbox(dataSource, Clock.systemUTC()).all(PLATFORM);
        assertThat(all).hasSize(7).allMatch(e -> e.state() == OutboxState.MINED && Boolean.TRUE.equals(e.succeeded()));
        assertThat(all.get(6).txHash()).isEqualTo(signed.txHash());
        Set<Long> nonces = new HashSet<>();
        all.forEach(e -> nonces.add(e.nonce()));
        assertThat(nonces).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(anvil.minedNonce(PLATFORM.value())).isEqualTo(7);
    }

    @Test
    void aReplicaWhoseLockIsGoneRefusesToSign() throws Exception {
        // A long retry interval: the replica still believes it leads when its lock session is already gone.
        Replica a = replica("a", Duration.ofMinutes(5), anvil.url());
        await(a.view::leading, Duration.ofSeconds(10));
        terminate(a.view.lockSessionPid());
        assertThat(a.view.leading()).isTrue();

        long id = a.outbox.submit(CALL).outboxId();
        a.outbox.pass();

        OutboxEntry entry = new ChainOutbox(dataSource, Clock.systemUTC()).find(id).orElseThrow();
        assertThat(entry.state()).isEqualTo(OutboxState.QUEUED);
        assertThat(entry.rawTx()).isNull();
        assertThat(a.rpc.count("eth_sendRawTransaction")).isZero();
        assertThat(anvil.pendingNonce(PLATFORM.value())).isZero();
    }

    private Replica replica(String member, Duration retry, String rpcUrl) throws Exception {
        DatabaseLockClusterService service = new DatabaseLockClusterService(dataSource, member, retry);
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.addService(service, true, true);
        camel.start();
        contexts.add(camel);
        DatabaseLockClusterView view = (DatabaseLockClusterView) service.fence(NAMESPACE);
        CountingHttpService rpc = new CountingHttpService(rpcUrl);
        TransactionOutbox outbox = new TransactionOutbox(new ChainOutbox(dataSource, Clock.systemUTC()),
                Web3j.build(rpc), AnvilNode.PLATFORM, AnvilNode.CHAIN_ID, FAST, Clock.systemUTC());
        outbox.fenceWith(view);
        return new Replica(view, outbox, rpc);
    }

    private void terminate(int pid) throws Exception {
        assertThat(pid).isPositive();
        try (Connection admin = dataSource.getConnection();
             PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.execute();
        }
    }

    private static void await(BooleanSupplier condition, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + bound);
            }
            Thread.sleep(20);
        }
    }

    private record Replica(DatabaseLockClusterView view, TransactionOutbox outbox, CountingHttpService rpc) {
    }
}
