package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.core.refusal.Outage;
import io.grid.core.refusal.OutageException;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.routes.chain.ChainCall;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.OutboxHandle;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.store.RequestNonceStore;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Relays a call an account signed (EIP-712, with the contract's nonce and a deadline) as the platform account,
 * after checking in Java everything the contract would check: the deadline against the chain's clock, the
 * nonce against the contract's, the signer against the account, and that this very signed request was not relayed
 * before. Only then is the call stored in the outbox and sent; the caller gets the receipt.
 */
public class SignedRelay {

    private static final Logger LOG = LoggerFactory.getLogger(SignedRelay.class);

    private final ChainView chain;
    private final TransactionOutbox outbox;
    private final RequestNonceStore usedRequests;
    private final BigInteger gasLimit;
    private final Duration wait;

    /**
     * @param chain        reads of the chain clock
     * @param outbox       the platform account's outbox
     * @param usedRequests single use of each signed request, across instances
     * @param gasLimit     gas limit of relayed transactions
     * @param wait         how long to wait for the receipt
     */
    public SignedRelay(ChainView chain, TransactionOutbox outbox, RequestNonceStore usedRequests, BigInteger gasLimit,
                       Duration wait) {
        this.chain = chain;
        this.outbox = outbox;
        this.usedRequests = usedRequests;
        this.gasLimit = gasLimit;
        this.wait = wait;
    }

    /**
     * Checks a signed request before anything is relayed.
     *
     * @param signer       who the request acts for
     * @param digest       the EIP-712 digest of the request
     * @param signatureHex the signer's signature
     * @param nonce        the nonce the request carries
     * @param currentNonce the contract's current nonce of {@code signer}
     * @param deadline     last valid second
     * @return the parsed signature bytes, to pass on chain
     */
    public byte[] verify(Address signer, byte[] digest, String signatureHex, BigInteger nonce, BigInteger currentNonce,
                         BigInteger deadline) {
        if (nonce == null || nonce.signum() < 0 || deadline == null || deadline.signum() < 0) {
            throw new IllegalArgumentException("nonce and deadline are required and must not be negative");
        }
        byte[] signature = RelaySignature.parse(signatureHex);
        Instant now = chain.now();
        if (deadline.compareTo(BigInteger.valueOf(now.getEpochSecond())) < 0) {
            throw new RefusedException(Refusal.MESSAGE_EXPIRED, "the signature's deadline " + deadline
                    + " has passed (chain time " + now.getEpochSecond() + ")");
        }
        RelaySignature.requireSigner(digest, signature, signer);
        if (nonce.compareTo(currentNonce) < 0) {
            throw new RefusedException(Refusal.NONCE_REPLAYED, "nonce " + nonce + " was already used; the current"
                    + " nonce of " + signer + " is " + currentNonce);
        }
        if (nonce.compareTo(currentNonce) > 0) {
            throw new RefusedException(Refusal.UNKNOWN_NONCE, "nonce " + nonce + " is ahead; the current nonce of "
                    + signer + " is " + currentNonce);
        }
        return signature;
    }

    /**
     * Marks the signed request as used (refusing a replay, including a parallel one), relays {@code data} to
     * {@code to} and waits for its receipt.
     *
     * @param signer what the request acts for, for the single-use key and the logs
     * @param digest the request's digest: one relay per signed request
     * @param action a short name for logs ({@code provider_register}...)
     * @param to     the contract called
     * @param data   the encoded call
     * @return the successful receipt
     * @throws RefusedException 409 when the chain reverted it, 504 when no receipt came within the wait
     */
    public TransactionReceipt relay(Address signer, byte[] digest, String action, Address to, String data) {
        if (!usedRequests.use(signer, "eip712:" + HexFormat.of().formatHex(digest))) {
            throw new RefusedException(Refusal.NONCE_REPLAYED, "this signed request was already relayed");
        }
        OutboxHandle handle = outbox.submit(new ChainCall(to, data, gasLimit));
        LogEvent.info(LOG, "relay_submitted").with("action", action).with("signer", signer)
                .with("outboxId", handle.outboxId()).log();
        return receiptOf(handle, action);
    }

    /** Sends an unsigned platform call (e.g. {@code completeOrder}) and waits for its receipt. */
    public TransactionReceipt send(String action, Address to, String data) {
        return receiptOf(outbox.submit(new ChainCall(to, data, gasLimit)), action);
    }

    private TransactionReceipt receiptOf(OutboxHandle handle, String action) {
        // The outbox pass that fetches receipts is scheduled; one pass now saves the caller a whole interval.
        outbox.pass();
        TransactionReceipt receipt;
        try {
            receipt = handle.receipt().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OutageException(Outage.RELAY_PENDING, "the transaction is "
                    + "stored as outbox entry " + handle.outboxId() + " and will still be sent; check again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutageException(Outage.INTERRUPTED, "the platform is stopping");
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for outbox entry " + handle.outboxId() + " failed", e.getCause());
        }
        if (!receipt.isStatusOK()) {
            LogEvent.warn(LOG, "relay_reverted").with("action", action).with("txHash", receipt.getTransactionHash())
                    .log();
            throw new RefusedException(Refusal.CHAIN_REFUSED, "the contract refused " + action
                    + " (transaction " + receipt.getTransactionHash() + " reverted)");
        }
        LogEvent.info(LOG, "relay_mined").with("action", action).with("txHash", receipt.getTransactionHash()).log();
        return receipt;
    }
}
