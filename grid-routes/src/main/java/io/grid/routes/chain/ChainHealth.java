package io.grid.routes.chain;

import java.time.Duration;
import java.time.Instant;

/**
 * What the outbox knows about the chain node, for health endpoints and operators.
 *
 * @param status              UP after the last call answered, DOWN after it failed
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
        /** The last call failed; the outbox is backing off. */
        DOWN
    }
}
