package io.grid.routes.platform.transfers;

/**
 * What one confirmation cycle did.
 *
 * @param head      chain head at the start of the cycle
 * @param fromBlock first block of the scanned range (the range ends at head)
 * @param seen      Transfer logs to the market in the range
 * @param confirmed transfers that reached the required confirmations and were handed to the outbox for credit
 * @param dropped   pending transfers no longer in the canonical chain
 * @param credited  transfers whose credit transaction was mined in the meantime
 */
public record PollResult(long head, long fromBlock, int seen, int confirmed, int dropped, int credited) {
}
