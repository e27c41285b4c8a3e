package io.grid.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Asks again and again, a fixed interval apart, until an answer is what is waited for or time is up. */
final class Waiting {

    private Waiting() {
    }

    static <T> T until(String what, Supplier<T> ask, Predicate<T> done, Consumer<T> progress, Duration timeout,
                       Duration interval) {
        Instant deadline = Instant.now().plus(timeout);
        T last;
        while (true) {
            last = ask.get();
            progress.accept(last);
            if (done.test(last)) {
                return last;
            }
            if (!Instant.now().plus(interval).isBefore(deadline)) {
                throw new GridTimeoutException("gave up waiting " + timeout.toSeconds() + " s for " + what
                        + "; last answer: " + last);
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new GridTimeoutException("interrupted while waiting for " + what);
            }
        }
    }
}
