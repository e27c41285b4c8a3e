package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Address;
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

class RequestNonceStoreTest {

    private static final Address ALICE = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address BOB = Address.of("0x3333333333333333333333333333333333333333");

    @TempDir
    Path directory;

    private RequestNonceStore nonces;

    @BeforeEach
    void openDatabase() {
        nonces = new RequestNonceStore(TestDatabase.migrated(directory), Clock.systemUTC());
    }

    @Test
    void nonceIsUsableOncePerAddress() {
        assertThat(nonces.use(ALICE, "n-1")).isTrue();
        assertThat(nonces.use(ALICE, "n-1")).isFalse();
        assertThat(nonces.use(BOB, "n-1")).isTrue();
    }

    @Test
    void ofParallelUsesOfOneNonceExactlyOneSucceeds() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        Callable<Boolean> use = () -> {
            start.await(10, TimeUnit.SECONDS);
            return nonces.use(ALICE, "shared");
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = pool.invokeAll(Collections.nCopies(threads, use), 30, TimeUnit.SECONDS);

            long successes = results.stream().filter(RequestNonceStoreTest::value).count();
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesBlankOrOverlongNonce() {
        assertThatThrownBy(() -> nonces.use(ALICE, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nonces.use(ALICE, "x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean value(Future<Boolean> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("nonce thread failed", e);
        }
    }
}
