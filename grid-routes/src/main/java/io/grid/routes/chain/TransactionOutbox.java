package io.grid.routes.chain;

import io.grid.api.Address;
import io.grid.routes.platform.store.ChainOutbox;
import io.grid.routes.platform.store.OutboxEntry;
import io.grid.routes.platform.store.OutboxState;
import io.grid.routes.platform.store.Transactions;
import java.io.IOException;
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
        LOG.atInfo().addKeyValue("outboxId", id).addKeyValue("to", call.to()).log("chain call queued");
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
                for (OutboxEntry entry : table.open(sender)) {
                    advance(entry);
                }
                completeMinedWaiters();
                healthy();
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
            LOG.atError().setCause(e).log("outbox pass failed");
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
            LOG.atInfo().addKeyValue("event", "chain_call_dropped").addKeyValue("outboxId", entry.id())
                    .addKeyValue("to", entry.to()).log("queued chain call dropped: the chain no longer needs it");
        }
    }

    private Optional<OutboxEntry> sign(OutboxEntry entry) {
        long chainNonce = table.knowsNonce(sender) ? 0 : answered(call(() -> web3j.ethGetTransactionCount(
                sender.value(), DefaultBlockParameterName.PENDING).send(), "eth_getTransactionCount"),
                "eth_getTransactionCount").getTransactionCount().longValueExact();
        BigInteger gasPrice = answered(call(() -> web3j.ethGasPrice().send(), "eth_gasPrice"), "eth_gasPrice")
                .getGasPrice();
        boolean signed = Transactions.inTransaction(table.dataSource(), c -> {
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
            LOG.atInfo().addKeyValue("outboxId", entry.id()).addKeyValue("txHash", hash).addKeyValue("nonce", nonce)
                    .log("transaction signed and stored before sending");
            return true;
        });
        return signed ? table.find(entry.id()) : Optional.empty();
    }

    private void send(OutboxEntry entry) {
        EthSendTransaction answer = call(() -> web3j.ethSendRawTransaction(entry.rawTx()).send(),
                "eth_sendRawTransaction");
        if (answer.hasError() && !meansAlreadySent(answer.getError())) {
            table.recordError(entry.id(), answer.getError().getMessage());
            LOG.atWarn().addKeyValue("outboxId", entry.id()).addKeyValue("txHash", entry.txHash())
                    .addKeyValue("error", answer.getError().getMessage()).log("node refused transaction");
            return;
        }
        table.markSent(entry.id());
        LOG.atInfo().addKeyValue("outboxId", entry.id()).addKeyValue("txHash", entry.txHash())
                .addKeyValue("nonce", entry.nonce()).addKeyValue("attempt", entry.attempts() + 1)
                .log(answer.hasError() ? "transaction already known to the node" : "transaction sent");
    }

    private void checkReceipt(OutboxEntry entry) {
        Optional<TransactionReceipt> receipt = fetchReceipt(entry.txHash());
        if (receipt.isPresent()) {
            TransactionReceipt mined = receipt.get();
            table.markMined(entry.id(), mined.getBlockNumber().longValueExact(), mined.isStatusOK());
            LOG.atInfo().addKeyValue("outboxId", entry.id()).addKeyValue("txHash", entry.txHash())
                    .addKeyValue("block", mined.getBlockNumber()).addKeyValue("success", mined.isStatusOK())
                    .log("transaction mined");
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

    private void unhealthy(ChainUnavailableException e) {
        int failures = health.consecutiveFailures() + 1;
        Duration retryIn = settings.backoffAfter(failures);
        health = new ChainHealth(ChainHealth.Status.DOWN, failures, e.getMessage(), health.lastContact(), retryIn);
        LOG.atWarn().addKeyValue("failures", failures).addKeyValue("retryInMs", retryIn.toMillis())
                .addKeyValue("error", e.getMessage()).log("chain node unavailable, backing off");
    }

    /** A JSON-RPC call that may fail in transport. */
    @FunctionalInterface
    interface RpcCall<T> {
        T send() throws IOException;
    }

    /** {@code response} itself, or a {@link ChainUnavailableException} when the node answered with an error. */
    static <T extends Response<?>> T answered(T response, String method) {
        if (response.hasError()) {
            throw new ChainUnavailableException(method + " answered an error: " + response.getError().getMessage(),
                    null);
        }
        return response;
    }

    static <T> T call(RpcCall<T> rpc, String method) {
        try {
            return rpc.send();
        } catch (IOException e) {
            throw new ChainUnavailableException(method + " failed: " + e.getMessage(), e);
        }
    }
}
