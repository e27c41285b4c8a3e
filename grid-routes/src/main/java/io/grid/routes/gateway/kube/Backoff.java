package io.grid.routes.gateway.kube;

import java.time.Duration;

/**
 * Bounded exponential backoff for calls to the Kubernetes API: at most {@code attempts} tries,
 * waiting {@code first}, then twice as long each time, never more than {@code max}.
 *
 * @param attempts how many tries in all (at least 1)
 * @param first    the wait after the first failure
 * @param max      the longest wait
 */
public record Backoff(int attempts, Duration first, Duration max) {

    /** Five tries, 200 ms doubling up to 3 s: about 5 s in all. */
    public static final Backoff DEFAULT = new Backoff(5, Duration.ofMillis(200), Duration.ofSeconds(3));

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        if (first == null || max == null || first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= max");
        }
    }

    /** The wait after failed try number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
