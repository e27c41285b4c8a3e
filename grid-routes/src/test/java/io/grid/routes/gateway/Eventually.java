package io.grid.routes.gateway;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Polls a condition until it holds or a deadline passes; for work a background job does. */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(100);

    private Eventually() {
    }

    /** Waits until {@code condition} answers true; fails with {@code what} at the deadline. */
    public static void await(String what, Duration deadline, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
