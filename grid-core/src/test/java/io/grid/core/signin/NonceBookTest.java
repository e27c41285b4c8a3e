package io.grid.core.signin;

import static io.grid.core.signin.Eip191Test.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NonceBookTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final BigInteger ORDER = BigInteger.valueOf(42);
    private static final BigInteger OTHER_ORDER = BigInteger.valueOf(43);

    private final NonceBook nonces = new NonceBook(TTL, 1000, new SecureRandom());

    @Test
    void issuesAlphanumericNoncesOf128RandomBits() {
        String first = nonces.issue(ORDER, NOW);
        String second = nonces.issue(ORDER, NOW);

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    @Test
    void consumesAnIssuedNonceOnce() {
        String nonce = nonces.issue(ORDER, NOW);

        nonces.consume(nonce, ORDER, NOW.plusSeconds(1));

        assertRefused(() -> nonces.consume(nonce, ORDER, NOW.plusSeconds(2)), Refusal.NONCE_REPLAYED);
    }

    @Test
    void refusesNonceNeverIssued() {
        assertRefused(() -> nonces.consume("a1b2c3d4e5f6a7b8", ORDER, NOW), Refusal.UNKNOWN_NONCE);
    }

    @Test
    void refusesMissingNonce() {
        assertRefused(() -> nonces.consume(null, ORDER, NOW), Refusal.UNKNOWN_NONCE);
    }

    @Test
    void acceptsNonceJustBeforeItsExpiry() {
        String nonce = nonces.issue(ORDER, NOW);

        nonces.consume(nonce, ORDER, NOW.plus(TTL).minusMillis(1));

        assertRefused(() -> nonces.consume(nonce, ORDER, NOW.plusSeconds(1)), Refusal.NONCE_REPLAYED);
    }

    @Test
    void refusesNonceAtItsExpiry() {
        String nonce = nonces.issue(ORDER, NOW);

        assertRefused(() -> nonces.consume(nonce, ORDER, NOW.plus(TTL)), Refusal.UNKNOWN_NONCE);
    }

    @Test
    void refusesNonceIssuedForAnotherOrderAndKeepsItForItsOwn() {
        String nonce = nonces.issue(OTHER_ORDER, NOW);

        assertRefused(() -> nonces.consume(nonce, ORDER, NOW), Refusal.WRONG_ORDER);
        nonces.consume(nonce, OTHER_ORDER, NOW);
    }

    @Test
    void refusesNonceFromAnotherBook() {
        NonceBook otherGateway = new NonceBook(TTL, 10, new SecureRandom());
        String nonce = otherGateway.issue(ORDER, NOW);

        assertRefused(() -> nonces.consume(nonce, ORDER, NOW), Refusal.UNKNOWN_NONCE);
    }

    @Test
    void twoParallelConsumesOfOneNonceSucceedExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                String nonce = nonces.issue(ORDER, NOW);
                CountDownLatch start = new CountDownLatch(1);
                Callable<Refusal> consume = () -> {
                    start.await();
                    try {
                        nonces.consume(nonce, ORDER, NOW);
                        return null;
                    } catch (RefusedException refused) {
                        return refused.refusal();
                    }
                };
                Future<Refusal> first = pool.submit(consume);
                Future<Refusal> second = pool.submit(consume);
                start.countDown();
                List<Refusal> outcomes = new ArrayList<>();
                outcomes.add(first.get(10, TimeUnit.SECONDS));
                outcomes.add(second.get(10, TimeUnit.SECONDS));

                assertThat(outcomes).containsExactlyInAnyOrder(null, Refusal.NONCE_REPLAYED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyParallelConsumesOfOneNonceSucceedExactlyOnce() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            String nonce = nonces.issue(ORDER, NOW);
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    try {
                        nonces.consume(nonce, ORDER, NOW);
                        return true;
                    } catch (RefusedException refused) {
                        return false;
                    }
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            int successes = 0;
            for (Future<Boolean> result : results) {
                successes += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void staysWithinItsCapacityByDroppingTheOldestNonce() {
        NonceBook small = new NonceBook(TTL, 3, new SecureRandom());
        String oldest = small.issue(ORDER, NOW);
        small.issue(ORDER, NOW);
        small.issue(ORDER, NOW);
        String newest = small.issue(ORDER, NOW);

        assertThat(small.size()).isEqualTo(3);
        assertRefused(() -> small.consume(oldest, ORDER, NOW), Refusal.UNKNOWN_NONCE);
        small.consume(newest, ORDER, NOW);
    }

    @Test
    void dropsExpiredNoncesBeforeLiveOnesWhenFull() {
        NonceBook small = new NonceBook(TTL, 2, new SecureRandom());
        small.issue(ORDER, NOW);
        String live = small.issue(ORDER, NOW.plusSeconds(60));
        small.issue(ORDER, NOW.plus(TTL));

        assertThat(small.size()).isEqualTo(2);
        small.consume(live, ORDER, NOW.plus(TTL));
    }

    @Test
    void refusesNonPositiveTtlOrCapacity() {
        SecureRandom random = new SecureRandom();

        assertThatThrownBy(() -> new NonceBook(Duration.ZERO, 10, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceBook(TTL.negated(), 10, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceBook(null, 10, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceBook(TTL, 0, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceBook(TTL, 10, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesIssueOrConsumeWithoutOrderOrTime() {
        assertThatThrownBy(() -> nonces.issue(null, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nonces.issue(ORDER, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nonces.consume("a1b2c3d4e5f6a7b8", ORDER, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
