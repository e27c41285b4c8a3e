package io.grid.routes.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.store.Transactions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainOutboxNonceTest {

    private static final Address SENDER = Address.of("0x5555555555555555555555555555555555555555");

    @TempDir
    Path directory;

    private ChainOutbox outbox;

    @BeforeEach
    void openDatabase() {
        outbox = new ChainOutbox(TestDatabase.migrated(directory), Clock.systemUTC());
    }

    @Test
    void firstNonceComesFromTheChainThenTheCounter() {
        long first = Transactions.inTransaction(outbox.dataSource(), c -> outbox.allocateNonce(c, SENDER, 7));
        long second = Transactions.inTransaction(outbox.dataSource(), c -> outbox.allocateNonce(c, SENDER, 0));

        assertThat(first).isEqualTo(7);
        assertThat(second).isEqualTo(8);
        assertThat(outbox.knowsNonce(SENDER)).isTrue();
    }

    @Test
    void concurrentAllocatorsGetConsecutiveNonces() throws Exception {
        int writers = 20;
        CyclicBarrier start = new CyclicBarrier(writers);
        Callable<Long> allocate = () -> {
            start.await(10, TimeUnit.SECONDS);
            return Transactions.inTransaction(outbox.dataSource(), c -> outbox.allocateNonce(c, SENDER, 3));
        };
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Long>> results = pool.invokeAll(Collections.nCopies(writers, allocate), 60, TimeUnit.SECONDS);

            List<Long> nonces = results.stream().map(ChainOutboxNonceTest::value).sorted().toList();
            assertThat(nonces).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(3, 3 + writers).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long value(Future<Long> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("allocating thread failed", e);
        }
    }
}
