package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.CreditBalance;
import io.grid.api.Transfer;
import io.grid.api.TransferState;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.store.CreditRecord;
import io.grid.routes.platform.store.TransferStore;
import io.grid.routes.platform.transfers.TransferConfirmations;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Credits: bought with a confirmed transfer to the market (exactly once per transfer, whoever asks and however
 * often), and the balance the market holds for a user.
 */
public class Credits {

    private static final Logger LOG = LoggerFactory.getLogger(Credits.class);

    private final TransferConfirmations confirmations;
    private final TransferStore transfers;
    private final TransactionOutbox outbox;
    private final ChainView chain;

    /** How long a purchase waits for its queued credit transaction to be mined. */
    static final Duration CREDIT_WAIT = Duration.ofSeconds(15);

    public Credits(TransferConfirmations confirmations, TransferStore transfers, TransactionOutbox outbox,
                   ChainView chain) {
        this.confirmations = confirmations;
        this.transfers = transfers;
        this.outbox = outbox;
        this.chain = chain;
    }

    /**
     * The credit bought with one transfer.
     *
     * @param txHash   the transfer's transaction
     * @param logIndex the transfer's log index
     * @param user     who is credited
     * @param amount   credits, in token base units
     * @param state    CONFIRMED while the credit transaction is on its way, CREDITED once the market holds it
     */
    public record Purchase(String txHash, long logIndex, Address user, BigInteger amount, TransferState state) {
    }

    /**
     * Turns a confirmed transfer into credits. The transfer's credit is recorded once under a unique key when it
     * is confirmed, so buying with the same transfer again answers the same single credit.
     *
     * @throws RefusedException 404 for an unknown transfer, 409 while it waits for confirmations or when it
     *                              was rejected
     */
    public Purchase purchase(String txHash, long logIndex) {
        Transfer transfer = known(txHash, logIndex);
        if (transfer.state() == TransferState.PENDING) {
            confirmations.poll();
            transfer = known(txHash, logIndex);
        }
        if (transfer.state() == TransferState.PENDING) {
            throw new RefusedException(Refusal.TRANSFER_NOT_CONFIRMED, "transfer " + txHash + "#" + logIndex
                    + " has " + transfer.confirmations() + " confirmations; credits come once it has enough");
        }
        if (transfer.state() == TransferState.REJECTED) {
            throw new RefusedException(Refusal.TRANSFER_REJECTED, "transfer " + txHash + "#" + logIndex
                    + " gives no credits: " + transfers.rejectionOf(txHash, logIndex).map(Enum::name).orElse("rejected"));
        }
        CreditRecord credit = transfers.creditFor(txHash, logIndex).orElseThrow(() -> new IllegalStateException(
                "confirmed transfer " + txHash + "#" + logIndex + " has no credit row"));
        if (transfer.state() == TransferState.CONFIRMED && credit.outboxId() != null) {
            // Hurry the queued Market.credit transaction and wait (bounded) for it to be mined, so that a
            // purchase normally answers with the credit in place; if the chain is slow the credit stays queued
            // and the answer says CONFIRMED.
            CompletableFuture<TransactionReceipt> mined = outbox.receipt(credit.outboxId());
            outbox.pass();
            try {
                mined.get(CREDIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LogEvent.info(LOG, "credit_pending").with("transfer", txHash + "#" + logIndex).log();
            } catch (ExecutionException e) {
                LogEvent.warn(LOG, "credit_failed").with("transfer", txHash + "#" + logIndex)
                        .with("cause", e.getCause()).log();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            confirmations.poll();
            transfer = known(txHash, logIndex);
        }
        LogEvent.info(LOG, "credit_purchase").with("transfer", txHash + "#" + logIndex).with("user", credit.user())
                .with("amount", credit.amount()).with("state", transfer.state()).log();
        return new Purchase(credit.txHash(), credit.logIndex(), credit.user(), credit.amount(), transfer.state());
    }

    /** The user's free credits and escrow, as the market holds them. */
    public CreditBalance balance(Address user) {
        // Two eth_calls whatever the number of the user's orders: the market keeps escrow per user.
        return new CreditBalance(user, chain.creditOf(user), chain.escrowOf(user));
    }

    private Transfer known(String txHash, long logIndex) {
        return transfers.find(txHash, logIndex)
                .orElseThrow(() -> RefusedException.notFound("transfer " + txHash + "#" + logIndex));
    }
}
