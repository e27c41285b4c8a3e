package io.grid.routes.platform.store;

/**
 * Where a pending transfer sits, as stored: all a confirmation cycle needs to tell whether the chain still holds
 * it there. The rest of the transfer comes from the chain's log when it is confirmed.
 *
 * @param txHash      transaction hash, lower case
 * @param logIndex    the log's index within its block
 * @param blockNumber height of the block the transfer was seen in
 * @param blockHash   hash of that block, lower case
 */
public record PendingTransfer(String txHash, long logIndex, long blockNumber, String blockHash) {
}
