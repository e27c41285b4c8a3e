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
 * @param stallAfter    a transaction still open this long after it was submitted means the outbox cannot progress
 *                      (for example a nonce the chain never reached): its health turns DOWN
 */
public record OutboxSettings(Duration pollInterval, Duration resendAfter, Duration minBackoff, Duration maxBackoff,
                             Duration stallAfter) {

    /** How many re-send periods a transaction may stay open before the outbox counts as stalled, unless given. */
    public static final int DEFAULT_STALL_RESENDS = 3;

    /** Settings that count the outbox as stalled after {@value #DEFAULT_STALL_RESENDS} re-send periods. */
    public OutboxSettings(Duration pollInterval, Duration resendAfter, Duration minBackoff, Duration maxBackoff) {
        this(pollInterval, resendAfter, minBackoff, maxBackoff,
                resendAfter == null ? null : resendAfter.multipliedBy(DEFAULT_STALL_RESENDS));
    }

    /** One-second passes, re-send after a minute, back off from one second up to one minute. */
    public static final OutboxSettings DEFAULTS = new OutboxSettings(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofMinutes(1));

    public OutboxSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(resendAfter, "resendAfter");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(stallAfter, "stallAfter");
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be positive");
        }
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
