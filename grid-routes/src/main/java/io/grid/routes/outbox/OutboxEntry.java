package io.grid.routes.outbox;

import io.grid.api.Address;
import java.math.BigInteger;
import java.time.Instant;

/**
 * One row of the chain outbox.
 *
 * @param id            the outbox id, used in logs beside the tx hash
 * @param sender        the account that signs
 * @param to            the called contract
 * @param data          call data, 0x-prefixed hex
 * @param gasLimit      gas limit of the transaction
 * @param state         where it is
 * @param nonce         the account nonce, null while QUEUED
 * @param txHash        the transaction hash, null while QUEUED
 * @param rawTx         the signed transaction, 0x-prefixed hex, null while QUEUED
 * @param attempts      how many times the raw bytes were handed to a node
 * @param lastError     the last error met while sending, or null
 * @param blockNumber   the block that included it, null before MINED
 * @param succeeded     the receipt's status once MINED, null before
 * @param createdAt     when it was submitted
 * @param sentAt        when it was last handed to a node, or null
 */
public record OutboxEntry(long id, Address sender, Address to, String data, BigInteger gasLimit, OutboxState state,
                          Long nonce, String txHash, String rawTx, int attempts, String lastError, Long blockNumber,
                          Boolean succeeded, Instant createdAt, Instant sentAt) {
}
