package io.grid.routes.outbox;

import static io.grid.routes.chain.ChainRpc.answered;
import static io.grid.routes.chain.ChainRpc.call;

import io.grid.api.Address;
import io.grid.routes.chain.ChainCall;
import io.grid.routes.chain.ChainHealth;
import io.grid.routes.chain.ChainUnavailableException;
import io.grid.core.log.LogEvent;
import io.grid.routes.cluster.SendingFence;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Every chain write of one account goes through here, so that none is lost or doubled:
 * <ol>
 *   <li>the call is stored (QUEUED), then signed under the database lock of the account's nonce counter, and the
 *       raw bytes, hash and nonce are stored (SIGNED) before anything is sent;</li>
 *   <li>sending is {@code eth_sendRawTransaction} of the stored bytes; "nonce too low" and "already known" mean a
 *       node has them already and count as sent;</li>
 *   <li>a missing receipt after {@link OutboxSettings#resendAfter()} re-sends the same bytes, never a new
 *       transaction; a new instance over the same database re-sends every row not yet mined.</li>
 * </ol>
 * While the node is unreachable the background pass backs off exponentially up to a bound and
 * {@link #health()} says DOWN; rows stay in the database and go out when the node is back.
 */
public class TransactionOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionOutbox.class);

    private final ChainOutbox table;
    private final Web3j web3j;
    private final Credentials signer;
    private final Address sender;
    private final long chainId;
    private final OutboxSettings settings;
    private final Clock clock;
    private final Map<Long, CompletableFuture<TransactionReceipt>> waiting = new ConcurrentHashMap<>();
    private final Object passLock = new Object();

    private volatile ChainHealth health;
    private volatile CallCheck stillNeeded = call -> true;
    private volatile SendingFence fence = SendingFence.SINGLE_NODE;
    private ScheduledExecutorService scheduler;

    /**
     * @param table    the outbox rows, in the platform database
     * @param web3j    the chain node
     * @param signer   the account that signs every transaction of this outbox
     * @param chainId  the EIP-155 chain id the signatures are bound to
     * @param settings timing
     * @param clock    time source for re-send decisions
     */
    public TransactionOutbox(ChainOutbox table, Web3j web3j, Credentials signer, long chainId, OutboxSettings settings,
                             Clock clock) {
        this.table = table;
        this.web3j = web3j;
        this.signer = signer;
        this.sender = Address.of(signer.getAddress());
        this.chainId = chainId;
        this.settings = settings;
        this.clock = clock;
        this.health = new ChainHealth(ChainHealth.Status.UP, 0, null, null, settings.pollInterval());
    }

    /**
     * Asked right before a QUEUED call is signed whether the chain still needs it: a call it answers false for is
     * dropped (state DROPPED, never signed, its receipt future fails), so that a settlement somebody else already
     * made is not sent to revert. Without a check every call is needed.
     *
     * @param check what still needs sending
     */
    public void dropWhenNotNeeded(CallCheck check) {
        this.stillNeeded = check == null ? call -> true : check;
    }

    /**
     * Makes this outbox one of several replicas' over the same table: only while {@code fence} says this replica
     * leads does it sign, send and re-send; otherwise it only stores calls and completes receipt futures of rows
     * the leader got mined. Immediately before signing, inside the transaction that takes the nonce, the fence
     * is checked again ({@link SendingFence#holds}), so a replica that lost leadership never signs.
     *
     * @param fence the lock or lease of the platform key's sender; {@link SendingFence#SINGLE_NODE} for one process
     */
    public void fenceWith(SendingFence fence) {
        this.fence = fence == null ? SendingFence.SINGLE_NODE : fence;
    }

    /** Whether a queued call is still worth a transaction; see {@link #dropWhenNotNeeded}. */
    @FunctionalInterface
    public interface CallCheck {

        /**
         * @param call the queued call
         * @return false when the chain already has what it would do
         */
        boolean stillNeeded(ChainCall call);
    }

    /** The account that signs and pays for this outbox's transactions. */
    public Address sender() {
        return sender;
    }

    /**
     * Stores {@code call} and tries to sign and send it at once. If the node cannot be reached the call stays
     * stored and goes out on a later pass; the handle stays valid either way.
     */
    public OutboxHandle submit(ChainCall call) {
        long id = Transactions.inTransaction(table.dataSource(), c -> enqueue(c, call));
        CompletableFuture<TransactionReceipt> receipt = receipt(id);
        if (!fence.leading()) {
            // Another replica sends: it takes the row up on its next pass; this one completes the future.
            return new OutboxHandle(id, receipt);
        }
        try {
            table.find(id).ifPresent(this::advance);
            healthy();
        } catch (ChainUnavailableException e) {
            unhealthy(e);
        }
        return new OutboxHandle(id, receipt);
    }

    /**
     * Stores {@code call} as QUEUED inside the caller's transaction, so that it is stored if and only if the
     * caller's other writes are. It goes out on the next pass; call {@link #wake()} after the commit to hurry it.
     */
    public long enqueue(Connection connection, ChainCall call) throws SQLException {
        long id = table.enqueue(connection, sender, call.to(), call.data(), call.gasLimit());
        LogEvent.info(LOG, "chain_call_queued").with("outboxId", id).with("to", call.to()).log();
        return id;
    }

    /** A future of the receipt of outbox row {@code outboxId}; completes on a pass after it is mined. */
    public CompletableFuture<TransactionReceipt> receipt(long outboxId) {
        return waiting.computeIfAbsent(outboxId, id -> new CompletableFuture<>());
    }

    /** What the outbox knows of the node now. */
    public ChainHealth health() {
        return health;
    }

    /** Starts background passes: the first at once (re-sending whatever a previous instance left open). */
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "grid-transaction-outbox");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.execute(this::backgroundPass);
        }
    }

    /** Asks for a pass soon, e.g. after a caller committed rows it {@link #enqueue enqueued}. */
    public synchronized void wake() {
        if (scheduler != null) {
            scheduler.execute(this::passQuietly);
        }
    }

    /**
     * One pass over every open row of this account, oldest first: sign what is queued, send what is signed,
     * fetch receipts of what was sent and re-send the stale ones.
     *
     * @return true when the node answered throughout, false when it could not be reached (see {@link #health()})
     */
    public boolean pass() {
        synchronized (passLock) {
            try {
                if (!fence.leading()) {
                    // Not the sender: only the receipts of rows the leader got mined, for this replica's callers.
                    completeMinedWaiters();
                    return true;
                }
                List<OutboxEntry> open = table.open(sender);
                for (OutboxEntry entry : open) {
                    advance(entry);
                }
                completeMinedWaiters();
                healthy(open);
                return true;
            } catch (ChainUnavailableException e) {
                unhealthy(e);
                return false;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void backgroundPass() {
        passQuietly();
        ScheduledExecutorService current;
        synchronized (this) {
            current = scheduler;
        }
        if (current != null && !current.isShutdown()) {
            Duration pause = health.retryIn();
            current.schedule(this::backgroundPass, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            // A database failure must not kill the background thread; the next pass tries again.
            LogEvent.error(LOG, "outbox_pass_failed").cause(e).log();
        }
    }

    private void advance(OutboxEntry entry) {
        OutboxEntry current = entry;
        if (current.state() == OutboxState.QUEUED) {
            if (!stillNeeded.stillNeeded(new ChainCall(current.to(), current.data(), current.gasLimit()))) {
                drop(current);
                return;
            }
            Optional<OutboxEntry> signed = sign(current);
            if (signed.isEmpty()) {
                return;
            }
            current = signed.get();
        }
        if (current.state() == OutboxState.SIGNED) {
            send(current);
            return;
        }
        if (current.state() == OutboxState.SENT) {
            checkReceipt(current);
        }
    }

    private void drop(OutboxEntry entry) {
        if (table.markDropped(entry.id(), "dropped before signing: the chain no longer needs this call")) {
            CompletableFuture<TransactionReceipt> waiter = waiting.remove(entry.id());
            if (waiter != null) {
                waiter.completeExceptionally(new IllegalStateException("outbox row " + entry.id()
                        + " was dropped: the chain no longer needs it"));
            }
            LogEvent.info(LOG, "chain_call_dropped").with("outboxId", entry.id()).with("to", entry.to())
                    .with("note", "the chain no longer needs it").log();
        }
    }

    private Optional<OutboxEntry> sign(OutboxEntry entry) {
        long chainNonce = table.knowsNonce(sender) ? 0 : answered(call(() -> web3j.ethGetTransactionCount(
                sender.value(), DefaultBlockParameterName.PENDING).send(), "eth_getTransactionCount"),
                "eth_getTransactionCount").getTransactionCount().longValueExact();
        BigInteger gasPrice = answered(call(() -> web3j.ethGasPrice().send(), "eth_gasPrice"), "eth_gasPrice")
                .getGasPrice();
        boolean signed = Transactions.inTransaction(table.dataSource(), c -> {
            if (!fence.holds(c)) {
                // Leadership is gone (or never was): the leader signs this row, never this replica.
                LogEvent.warn(LOG, "signing_fenced").with("outboxId", entry.id())
                        .with("note", "this replica no longer holds the sender's lock or lease").log();
                return false;
            }
            long nonce = table.allocateNonce(c, sender, chainNonce);
            RawTransaction raw = RawTransaction.createTransaction(BigInteger.valueOf(nonce), gasPrice,
                    entry.gasLimit(), entry.to().value(), BigInteger.ZERO, entry.data());
            String rawHex = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, signer));
            String hash = Hash.sha3(rawHex).toLowerCase(Locale.ROOT);
            if (!table.markSigned(c, entry.id(), nonce, hash, rawHex)) {
                // Another writer signed this row first; give the nonce back by rolling back.
                c.rollback();
                return false;
            }
            LogEvent.info(LOG, "transaction_signed").with("outboxId", entry.id()).with("txHash", hash)
                    .with("nonce", nonce).log();
            return true;
        });
        return signed ? table.find(entry.id()) : Optional.empty();
    }

    private void send(OutboxEntry entry) {
        EthSendTransaction answer = call(() -> web3j.ethSendRawTransaction(entry.rawTx()).send(),
                "eth_sendRawTransaction");
        if (answer.hasError() && !meansAlreadySent(answer.getError())) {
            table.recordError(entry.id(), answer.getError().getMessage());
            LogEvent.warn(LOG, "transaction_refused_by_node").with("outboxId", entry.id())
                    .with("txHash", entry.txHash()).with("error", answer.getError().getMessage()).log();
            return;
        }
        table.markSent(entry.id());
        LogEvent.info(LOG, answer.hasError() ? "transaction_known_to_node" : "transaction_sent")
                .with("outboxId", entry.id()).with("txHash", entry.txHash()).with("nonce", entry.nonce())
                .with("attempt", entry.attempts() + 1).log();
    }

    private void checkReceipt(OutboxEntry entry) {
        Optional<TransactionReceipt> receipt = fetchReceipt(entry.txHash());
        if (receipt.isPresent()) {
            TransactionReceipt mined = receipt.get();
            table.markMined(entry.id(), mined.getBlockNumber().longValueExact(), mined.isStatusOK());
            LogEvent.info(LOG, "transaction_mined").with("outboxId", entry.id()).with("txHash", entry.txHash())
                    .with("block", mined.getBlockNumber()).with("success", mined.isStatusOK()).log();
            CompletableFuture<TransactionReceipt> future = waiting.remove(entry.id());
            if (future != null) {
                future.complete(mined);
            }
            return;
        }
        Instant sentAt = entry.sentAt();
        if (sentAt == null || !clock.instant().isBefore(sentAt.plus(settings.resendAfter()))) {
            // The receipt is late: hand the node the very same bytes again, never a new transaction.
            send(entry);
        }
    }

    private void completeMinedWaiters() {
        for (Long id : List.copyOf(waiting.keySet())) {
            Optional<OutboxEntry> entry = table.find(id);
            if (entry.isPresent() && entry.get().state() == OutboxState.MINED) {
                fetchReceipt(entry.get().txHash()).ifPresent(r -> {
                    CompletableFuture<TransactionReceipt> future = waiting.remove(id);
                    if (future != null) {
                        future.complete(r);
                    }
                });
            }
        }
    }

    private Optional<TransactionReceipt> fetchReceipt(String txHash) {
        EthGetTransactionReceipt answer = answered(call(() -> web3j.ethGetTransactionReceipt(txHash).send(),
                "eth_getTransactionReceipt"), "eth_getTransactionReceipt");
        return answer.getTransactionReceipt();
    }

    private static boolean meansAlreadySent(Response.Error error) {
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("nonce too low") || message.contains("already known")
                || message.contains("already imported") || message.contains("known transaction");
    }

    private void healthy() {
        health = new ChainHealth(ChainHealth.Status.UP, 0, null, clock.instant(), settings.pollInterval());
    }

    /**
     * The node answered the pass over {@code open}; DOWN all the same when the oldest of them (those still open
     * after the pass) has waited longer than the stall time, for the outbox cannot get it mined.
     */
    private void healthy(List<OutboxEntry> open) {
        Instant now = clock.instant();
        Instant stalledBefore = now.minus(settings.stallAfter());
        for (OutboxEntry entry : open) {
            if (!entry.createdAt().isBefore(stalledBefore)) {
                break; // oldest first: the rest are younger still
            }
            OutboxEntry current = table.find(entry.id()).orElse(entry);
            if (current.state().isOpen()) {
                String error = "outbox stalled: transaction " + current.id() + " (nonce " + current.nonce() + ", "
                        + current.state() + ") open since " + current.createdAt() + ", longer than "
                        + settings.stallAfter();
                if (health.status() == ChainHealth.Status.UP || !error.equals(health.lastError())) {
                    LogEvent.warn(LOG, "outbox_stalled").with("outbox", current.id()).with("nonce", current.nonce())
                            .with("state", current.state()).with("since", current.createdAt()).log();
                }
                health = new ChainHealth(ChainHealth.Status.DOWN, 0, error, now, settings.pollInterval());
                return;
            }
        }
        health = new ChainHealth(ChainHealth.Status.UP, 0, null, now, settings.pollInterval());
    }

    private void unhealthy(ChainUnavailableException e) {
        int failures = health.consecutiveFailures() + 1;
        Duration retryIn = settings.backoffAfter(failures);
        health = new ChainHealth(ChainHealth.Status.DOWN, failures, e.getMessage(), health.lastContact(), retryIn);
        LogEvent.warn(LOG, "chain_unavailable").with("failures", failures).with("retryInMs", retryIn.toMillis())
                .with("error", e.getMessage()).log();
    }
}
