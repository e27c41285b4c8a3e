package io.grid.routes.outbox;

import java.util.concurrent.CompletableFuture;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What a caller gets back for a submitted chain call.
 *
 * @param outboxId the row id in the chain outbox, also in every log line about it
 * @param receipt  completes with the receipt once the transaction is mined (successful or reverted)
 */
public record OutboxHandle(long outboxId, CompletableFuture<TransactionReceipt> receipt) {
}
