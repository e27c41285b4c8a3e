package io.grid.routes.platform.service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import io.grid.api.Address;
import io.grid.api.CreditBalance;
import io.grid.api.Problem;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.api.Transfer;
import io.grid.api.TransferState;
import io.grid.routes.chain.TransactionOutbox;
import io.grid.routes.chain.TransferConfirmations;
import io.grid.routes.http.HttpProblemException;
import io.grid.routes.platform.store.CreditRecord;
import io.grid.routes.platform.store.TransferStore;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final SignedRelay relay;
    private final MarketSignatures signatures;

    /** How long a purchase waits for its queued credit transaction to be mined. */
    static final Duration CREDIT_WAIT = Duration.ofSeconds(15);

    /**
     * @param confirmations transfer confirmation
     * @param transfers     the reported transfers and their credits
     * @param outbox        the platform account's outbox
     * @param chain         chain reads
     * @param relay         relays signed withdrawals
     * @param chainId       chain id of the EIP-712 domain
     */
    public Credits(TransferConfirmations confirmations, TransferStore transfers, TransactionOutbox outbox,
                   ChainView chain, SignedRelay relay, long chainId) {
        this.confirmations = confirmations;
        this.transfers = transfers;
        this.outbox = outbox;
        this.chain = chain;
        this.relay = relay;
        this.signatures = new MarketSignatures(chainId, chain.contracts().market().value());
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
     * @throws HttpProblemException 404 for an unknown transfer, 409 while it waits for confirmations or when it
     *                              was rejected
     */
    public Purchase purchase(String txHash, long logIndex) {
        Transfer transfer = known(txHash, logIndex);
        if (transfer.state() == TransferState.PENDING) {
            confirmations.poll();
            transfer = known(txHash, logIndex);
        }
        if (transfer.state() == TransferState.PENDING) {
            throw HttpProblemException.conflict("TRANSFER_NOT_CONFIRMED", "transfer " + txHash + "#" + logIndex
                    + " has " + transfer.confirmations() + " confirmations; credits come once it has enough");
        }
        if (transfer.state() == TransferState.REJECTED) {
            throw HttpProblemException.conflict("TRANSFER_REJECTED", "transfer " + txHash + "#" + logIndex
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
                LOG.atInfo().addKeyValue("event", "credit_pending").addKeyValue("transfer", txHash + "#" + logIndex)
                        .log("credit transaction not mined yet");
            } catch (ExecutionException e) {
                LOG.atWarn().addKeyValue("event", "credit_failed").addKeyValue("transfer", txHash + "#" + logIndex)
                        .log("credit transaction failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            confirmations.poll();
            transfer = known(txHash, logIndex);
        }
        LOG.atInfo().addKeyValue("event", "credit_purchase").addKeyValue("transfer", txHash + "#" + logIndex)
                .addKeyValue("user", credit.user()).addKeyValue("amount", credit.amount())
                .addKeyValue("state", transfer.state()).log("credits bought with a transfer");
        return new Purchase(credit.txHash(), credit.logIndex(), credit.user(), credit.amount(), transfer.state());
    }

    /** The user's free credits and escrow, as the market holds them. */
    public CreditBalance balance(Address user) {
        // Two eth_calls whatever the number of the user's orders: the market keeps escrow per user.
        return new CreditBalance(user, chain.creditOf(user), chain.escrowOf(user));
    }

    /**
     * Pays {@code amount} of the user's free credits back to the user in tokens, relaying the user's signed
     * {@code WithdrawCredits} as {@code Market.withdrawCreditsFor}; the tokens go to the user, never to the platform.
     *
     * @return the balance after the withdrawal
     * @throws HttpProblemException 402 INSUFFICIENT_CREDITS when the free credits do not cover the amount
     */
    public CreditBalance withdraw(Address user, BigInteger amount, BigInteger nonce, BigInteger deadline,
                                  String signature) {
        if (user == null || amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("user and a positive amount are required");
        }
        byte[] digest = signatures.withdrawCreditsDigest(user.value(), amount, nonce, deadline);
        byte[] signed = relay.verify(user, digest, signature, nonce, chain.marketNonce(user), deadline);
        BigInteger available = chain.creditOf(user);
        if (available.compareTo(amount) < 0) {
            throw new HttpProblemException(Problem.of(402, "Insufficient credits", "INSUFFICIENT_CREDITS",
                    "withdrawing " + amount + " but " + user + " has " + available + " free credits"));
        }
        TransactionReceipt receipt = relay.relay(user, digest, "credit_withdraw", chain.contracts().market(),
                chain.market().withdrawCreditsFor(user.value(), amount, nonce, deadline, signed).encodeFunctionCall());
        LOG.atInfo().addKeyValue("event", "credit_withdrawn").addKeyValue("user", user).addKeyValue("amount", amount)
                .addKeyValue("txHash", receipt.getTransactionHash()).log("credits withdrawn to the user");
        return balance(user);
    }

    private Transfer known(String txHash, long logIndex) {
        return transfers.find(txHash, logIndex)
                .orElseThrow(() -> HttpProblemException.notFound("transfer " + txHash + "#" + logIndex));
    }
}
