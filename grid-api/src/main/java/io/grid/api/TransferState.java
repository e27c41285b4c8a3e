package io.grid.api;

/** What the platform knows of a reported token transfer to the market. */
public enum TransferState {
    /** Seen, but with fewer confirmations than required. */
    PENDING,
    /** Confirmed by the required number of blocks; credits may be purchased from it. */
    CONFIRMED,
    /** Turned into credits, exactly once. */
    CREDITED,
    /** Not a usable transfer: failed receipt, other token, other recipient, or gone in a reorg. */
    REJECTED
}
