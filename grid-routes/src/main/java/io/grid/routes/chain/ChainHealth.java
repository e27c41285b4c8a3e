package io.grid.routes.chain;

import java.time.Duration;
import java.time.Instant;

/**
 * What the outbox knows about the chain node, for health endpoints and operators.
 *
 * @param status              UP after the last pass reached the node and nothing was stalled; DOWN after a call
 *                            failed or while a transaction has been open longer than the outbox's stall time
 * @param consecutiveFailures failed passes in a row, zero when UP
 * @param lastError           the last transport error, or null
 * @param lastContact         when the node last answered, or null if never
 * @param retryIn             how long the outbox waits before its next pass
 */
public record ChainHealth(Status status, int consecutiveFailures, String lastError, Instant lastContact,
                          Duration retryIn) {

    /** Reachability of the chain node. */
    public enum Status {
        /** The node answered the last call. */
        UP,
        /** The last call failed and the outbox is backing off, or a transaction cannot progress (see lastError). */
        DOWN
    }
}
