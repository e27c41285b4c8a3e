package io.grid.routes.platform.store;

import io.grid.api.Address;
import java.math.BigInteger;

/**
 * The one credit recorded for a transfer.
 *
 * @param txHash   the transfer's transaction
 * @param logIndex the transfer's log index
 * @param user     who is credited (the sender)
 * @param amount   credited amount, in token base units
 * @param outboxId the outbox entry of its {@code Market.credit} transaction, null before it was queued
 */
public record CreditRecord(String txHash, long logIndex, Address user, BigInteger amount, Long outboxId) {
}
