package io.grid.routes.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the transaction outbox.
 *
 * @param pollInterval  pause between passes while the node answers
 * @param resendAfter   a sent transaction without receipt after this long is handed to the node again, same bytes
 * @param minBackoff    first pause after the node failed
 * @param maxBackoff    longest pause while the node keeps failing (the backoff doubles up to here)
 */
public record OutboxSettings(Duration pollInterval, Duration resendAfter, Duration minBackoff, Duration maxBackoff) {

    /** One-second passes, re-send after a minute, back off from one second up to one minute. */
    public static final OutboxSettings DEFAULTS = new OutboxSettings(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofMinutes(1));

    public OutboxSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(resendAfter, "resendAfter");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and maxBackoff >= minBackoff");
        }
    }

    /** The pause after {@code failures} failed passes in a row: doubling from minBackoff, capped at maxBackoff. */
    public Duration backoffAfter(int failures) {
        if (failures <= 0) {
            return pollInterval;
        }
        int doublings = Math.min(failures - 1, 30);
        Duration pause = minBackoff.multipliedBy(1L << doublings);
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }
}
