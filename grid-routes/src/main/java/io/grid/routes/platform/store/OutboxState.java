package io.grid.routes.platform.store;

/** Where a transaction of the chain outbox is: {@code QUEUED → SIGNED → SENT → MINED}. */
public enum OutboxState {
    /** Stored as a call (to, data, gas limit); no nonce yet, because the chain node could not be reached. */
    QUEUED,
    /** Nonce given, signed, raw bytes and hash stored; not yet accepted by a node. */
    SIGNED,
    /** Accepted by a node at least once; waiting for the receipt. */
    SENT,
    /** The receipt is in; {@code receiptStatus} says whether it succeeded. */
    MINED,
    /**
     * Never signed: right before signing, its sender found the chain no longer needs it (for example the order it
     * would settle was settled by someone else meanwhile), so it was dropped rather than sent to revert.
     */
    DROPPED;

    /** True while the transaction still needs work from the outbox. */
    public boolean isOpen() {
        return this != MINED && this != DROPPED;
    }
}
