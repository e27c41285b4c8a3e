package io.grid.routes.platform.transfers;

import static io.grid.routes.chain.ChainRpc.answered;
import static io.grid.routes.chain.ChainRpc.call;

import io.grid.api.Address;
import io.grid.api.Transfer;
import io.grid.routes.chain.ChainCall;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.store.ObservedTransfer;
import io.grid.routes.platform.store.PendingTransfer;
import io.grid.routes.platform.store.TransferRejection;
import io.grid.routes.platform.store.TransferStore;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Turns token transfers to the market into credits, once each and only when they are final enough.
 *
 * <p>A cycle ({@link #poll()}) costs one {@code eth_blockNumber} and one {@code eth_getLogs} (more only when the
 * range exceeds {@link ConfirmationSettings#maxBlockRange()}), however many transfers are pending: the logs of
 * the configured token whose {@code to} is the market, from the oldest pending transfer (or the last
 * {@code confirmations} blocks) up to the head. A pending transfer is confirmed only when that very query, made at
 * the required depth, still returns it in the same block; one that is gone was dropped by a reorg and is never
 * credited unless it shows up again and gets its confirmations there.
 *
 * <p>On the database side a cycle reads the key and block of the pending transfers once, records the transfers
 * it sees for the first time (or in another block) in a few batched transactions, and, only when the head moved,
 * brings every waiting transfer's confirmation count to the new head with one set-based UPDATE; a cycle at an
 * unchanged head writes nothing for transfers that are merely waiting.
 *
 * <p>Confirming writes the credit row (unique per tx hash and log index) and the outbox row of
 * {@code Market.credit(user, amount, txHash, logIndex)} in one database transaction, so a transfer reported or
 * confirmed twice, by one instance or two, gives one credit; the contract refuses duplicates as well.
 */
public class TransferConfirmations {

    private static final Logger LOG = LoggerFactory.getLogger(TransferConfirmations.class);

    /** {@code Transfer(address indexed from, address indexed to, uint256 value)} of ERC-20. */
    static final String TRANSFER_TOPIC = EventEncoder.encode(new Event("Transfer", List.of(
            new TypeReference<org.web3j.abi.datatypes.Address>(true) { },
            new TypeReference<org.web3j.abi.datatypes.Address>(true) { },
            new TypeReference<Uint256>(false) { })));

    private final DataSource dataSource;
    private final TransferStore transfers;
    private final Web3j web3j;
    private final TransactionOutbox outbox;
    private final Address token;
    private final Address market;
    private final ConfirmationSettings settings;
    private final String cursorName;
    private final String marketTopic;

    /**
     * @param dataSource the platform database, shared by {@code transfers} and the outbox
     * @param transfers  transfer and credit rows
     * @param web3j      the chain node
     * @param outbox     the outbox of the PLATFORM account, which may call {@code Market.credit}
     * @param token      the configured ERC-20 token; transfers of other tokens are ignored
     * @param market     the market contract; transfers to anyone else are ignored
     * @param settings   confirmations, scan start and range
     */
    public TransferConfirmations(DataSource dataSource, TransferStore transfers, Web3j web3j, TransactionOutbox outbox,
                                 Address token, Address market, ConfirmationSettings settings) {
        this.dataSource = dataSource;
        this.transfers = transfers;
        this.web3j = web3j;
        this.outbox = outbox;
        this.token = token;
        this.market = market;
        this.settings = settings;
        this.cursorName = "transfers:" + token.value() + ":" + market.value();
        this.marketTopic = topicOf(market);
    }

    /**
     * Records what a reported transaction holds. A receipt with status 0, or without a Transfer log of the token
     * to the market, is rejected; each matching log is recorded as a pending transfer (once, however often it is
     * reported), to be confirmed by {@link #poll()}.
     *
     * @throws IllegalArgumentException for a malformed hash
     * @throws ChainUnavailableException when the node cannot be reached
     */
    public TransferReport report(String txHash) {
        String hash = Transfer.txHash(txHash);
        Optional<TransactionReceipt> found = answered(call(() -> web3j.ethGetTransactionReceipt(hash).send(),
                "eth_getTransactionReceipt"), "eth_getTransactionReceipt").getTransactionReceipt();
        if (found.isEmpty()) {
            return new TransferReport(hash, false, List.of(), null);
        }
        TransactionReceipt receipt = found.get();
        if (!receipt.isStatusOK()) {
            return rejected(hash, TransferRejection.FAILED_TRANSACTION);
        }
        List<ObservedTransfer> matching = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            toMarket(log).ifPresent(matching::add);
        }
        if (matching.isEmpty()) {
            return rejected(hash, TransferRejection.NO_TRANSFER_TO_MARKET);
        }
        long head = blockNumber();
        for (ObservedTransfer transfer : matching) {
            transfers.observe(transfer, transfer.confirmationsAt(head));
        }
        LogEvent.info(LOG, "reported_transfer_recorded").with("txHash", hash).with("transfers", matching.size()).log();
        return new TransferReport(hash, true, transfers.findByTxHash(hash), null);
    }

    /** One confirmation cycle; see the class description for what it costs and decides. */
    public PollResult poll() {
        long head = blockNumber();
        // Pending rows are read before the logs, so the scanned range covers every one of them: a transfer
        // recorded after this read is judged next cycle, never taken for reorged because it sits below the range.
        Map<Key, PendingTransfer> pending = new HashMap<>();
        long oldestPending = Long.MAX_VALUE;
        for (PendingTransfer transfer : transfers.pendingBlocks()) {
            pending.put(new Key(transfer.txHash(), transfer.logIndex()), transfer);
            oldestPending = Math.min(oldestPending, transfer.blockNumber());
        }
        OptionalLong scanned = transfers.scannedTo(cursorName);
        long lastScanned = scanned.orElse(settings.startBlock() - 1);
        long from = Math.min(lastScanned + 1, Math.max(settings.startBlock(), head - settings.confirmations() + 1));
        from = Math.min(from, oldestPending);
        from = Math.max(0, Math.min(from, head));

        Map<Key, ObservedTransfer> canonical = new HashMap<>();
        for (long start = from; start <= head; start += settings.maxBlockRange()) {
            long end = Math.min(head, start + settings.maxBlockRange() - 1);
            for (ObservedTransfer transfer : logsToMarket(start, end)) {
                canonical.put(key(transfer), transfer);
            }
        }

        List<ObservedTransfer> moved = new ArrayList<>();
        for (ObservedTransfer seen : canonical.values()) {
            PendingTransfer known = pending.get(key(seen));
            if (known == null || !known.blockHash().equals(seen.blockHash())) {
                moved.add(seen);
            }
        }
        transfers.observeAll(moved, head);
        for (ObservedTransfer seen : moved) {
            pending.put(key(seen), new PendingTransfer(seen.txHash(), seen.logIndex(), seen.blockNumber(),
                    seen.blockHash()));
        }

        int confirmed = 0;
        int dropped = 0;
        for (PendingTransfer transfer : pending.values()) {
            ObservedTransfer now = canonical.get(new Key(transfer.txHash(), transfer.logIndex()));
            if (now == null || !now.blockHash().equals(transfer.blockHash())) {
                // Scanned range covers every pending block, so absence means a reorg took it away.
                if (transfers.reject(transfer.txHash(), transfer.logIndex(), TransferRejection.REORGED)) {
                    dropped++;
                    LogEvent.warn(LOG, "transfer_dropped_by_reorg").with("txHash", transfer.txHash())
                            .with("logIndex", transfer.logIndex()).with("block", transfer.blockNumber()).log();
                }
            } else if (now.confirmationsAt(head) >= settings.confirmations()) {
                if (confirmAndCredit(now, head)) {
                    confirmed++;
                }
            }
        }
        if (scanned.isEmpty() || scanned.getAsLong() != head) {
            // The rest are waiting: one statement brings their counts to this head. A cursor already at this head
            // means a cycle (of this or another instance) did so before moving it; rows recorded since were
            // recorded with their count at this head.
            transfers.updateConfirmations(head);
            transfers.scannedTo(cursorName, head);
        }
        if (confirmed > 0) {
            outbox.wake();
        }
        int credited = transfers.markCreditedWhereMined();
        return new PollResult(head, from, canonical.size(), confirmed, dropped, credited);
    }

    private boolean confirmAndCredit(ObservedTransfer transfer, long head) {
        long confirmations = transfer.confirmationsAt(head);
        Long outboxId = Transactions.inTransaction(dataSource, c -> {
            if (!transfers.confirm(c, transfer, confirmations)) {
                return null;
            }
            if (!transfers.recordCredit(c, transfer.txHash(), transfer.logIndex(), transfer.from(),
                    transfer.amount())) {
                return null;
            }
            long id = outbox.enqueue(c, creditCall(transfer));
            transfers.linkCreditToOutbox(c, transfer.txHash(), transfer.logIndex(), id);
            return id;
        });
        if (outboxId == null) {
            return false;
        }
        LogEvent.info(LOG, "transfer_confirmed").with("txHash", transfer.txHash())
                .with("logIndex", transfer.logIndex()).with("user", transfer.from()).with("amount", transfer.amount())
                .with("outboxId", outboxId).log();
        return true;
    }

    /** {@code Market.credit(user, amount, txHash, logIndex)}. */
    ChainCall creditCall(ObservedTransfer transfer) {
        Function credit = new Function("credit", List.of(
                new org.web3j.abi.datatypes.Address(transfer.from().value()),
                new Uint256(transfer.amount()),
                new Bytes32(Numeric.hexStringToByteArray(transfer.txHash())),
                new Uint256(BigInteger.valueOf(transfer.logIndex()))), List.of());
        return new ChainCall(market, FunctionEncoder.encode(credit), settings.creditGasLimit());
    }

    private List<ObservedTransfer> logsToMarket(long start, long end) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(start)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(end)), token.value());
        filter.addSingleTopic(TRANSFER_TOPIC);
        filter.addNullTopic();
        filter.addSingleTopic(marketTopic);
        EthLog answer = answered(call(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs"), "eth_getLogs");
        List<ObservedTransfer> result = new ArrayList<>();
        for (EthLog.LogResult<?> item : answer.getLogs()) {
            if (item.get() instanceof Log log) {
                toMarket(log).ifPresent(result::add);
            }
        }
        return result;
    }

    /** The transfer in {@code log} if it is a Transfer of our token to the market, from a canonical block. */
    private Optional<ObservedTransfer> toMarket(Log log) {
        List<String> topics = log.getTopics();
        if (log.isRemoved() || log.getAddress() == null || topics == null || topics.size() != 3
                || !token.value().equalsIgnoreCase(log.getAddress())
                || !TRANSFER_TOPIC.equalsIgnoreCase(topics.get(0))
                || !marketTopic.equalsIgnoreCase(topics.get(2))
                || log.getBlockHash() == null) {
            return Optional.empty();
        }
        Address from = Address.of("0x" + topics.get(1).substring(topics.get(1).length() - 40));
        BigInteger amount = Numeric.toBigInt(log.getData());
        return Optional.of(new ObservedTransfer(log.getTransactionHash(), log.getLogIndex().longValueExact(), from,
                market, amount, log.getBlockNumber().longValueExact(), log.getBlockHash()));
    }

    private TransferReport rejected(String hash, TransferRejection reason) {
        transfers.recordRejection(hash, reason);
        LogEvent.info(LOG, "reported_transfer_rejected").with("txHash", hash).with("reason", reason).log();
        return new TransferReport(hash, true, List.of(), transfers.rejectionOf(hash).orElse(reason));
    }

    private long blockNumber() {
        return answered(call(() -> web3j.ethBlockNumber().send(), "eth_blockNumber"), "eth_blockNumber")
                .getBlockNumber().longValueExact();
    }

    private static String topicOf(Address address) {
        return "0x" + "0".repeat(24) + address.value().substring(2);
    }

    private static Key key(ObservedTransfer transfer) {
        return new Key(transfer.txHash(), transfer.logIndex());
    }

    /** What makes a transfer unique: its transaction and its log within the block. */
    private record Key(String txHash, long logIndex) {
    }
}
