package io.grid.routes.platform.store;

import io.grid.api.Address;
import io.grid.api.Transfer;
import io.grid.api.TransferState;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Token transfers to the market and the credits given for them. The unique key (tx hash, log index) on both
 * tables is what makes a second credit for one transfer impossible, even when two platform instances race.
 */
public class TransferStore {

    private static final String COLUMNS =
            "tx_hash, log_index, from_address, to_address, amount, block_number, block_hash, confirmations, state";

    private static final String INSERT_OBSERVED = "INSERT INTO token_transfer (" + COLUMNS
            + ", reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)";

    private static final String MOVE_OBSERVED = "UPDATE token_transfer SET block_number = ?, block_hash = ?, "
            + "confirmations = ?, state = ?, reason = NULL, updated_at = ? "
            + "WHERE tx_hash = ? AND log_index = ? AND (state = ? OR (state = ? AND reason = ?))";

    /** Transfers recorded per transaction by {@link #observeAll}. */
    static final int OBSERVE_CHUNK = 1000;

    private final DataSource dataSource;
    private final Clock clock;

    public TransferStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records a transfer seen on the chain as PENDING. A row already known is moved to the block it is seen in
     * now, as long as it is still pending or was dropped by a reorg (then it is pending again); a confirmed,
     * credited or otherwise rejected row is left alone.
     *
     * @return true when the transfer was not known before
     */
    public boolean observe(ObservedTransfer transfer, long confirmations) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT_OBSERVED);
                 PreparedStatement move = c.prepareStatement(MOVE_OBSERVED)) {
                return observe(c, insert, move, transfer, confirmations);
            }
        });
    }

    /**
     * Records many transfers seen on the chain at head {@code head} as {@link #observe} does each, with a few
     * transactions of up to {@value #OBSERVE_CHUNK} rows instead of one per transfer. Rows are written in block
     * and log order, so two instances recording the same transfers take their locks in the same order.
     *
     * @return how many of them were not known before
     */
    public int observeAll(List<ObservedTransfer> transfers, long head) {
        List<ObservedTransfer> ordered = new ArrayList<>(transfers);
        ordered.sort(Comparator.comparingLong(ObservedTransfer::blockNumber)
                .thenComparingLong(ObservedTransfer::logIndex).thenComparing(ObservedTransfer::txHash));
        int added = 0;
        for (int start = 0; start < ordered.size(); start += OBSERVE_CHUNK) {
            // Chunks keep the row locks of one transaction below Derby's escalation to a table lock (5000).
            List<ObservedTransfer> chunk = ordered.subList(start, Math.min(ordered.size(), start + OBSERVE_CHUNK));
            added += Transactions.inTransaction(dataSource, c -> {
                int fresh = 0;
                try (PreparedStatement insert = c.prepareStatement(INSERT_OBSERVED);
                     PreparedStatement move = c.prepareStatement(MOVE_OBSERVED)) {
                    for (ObservedTransfer transfer : chunk) {
                        if (observe(c, insert, move, transfer, transfer.confirmationsAt(head))) {
                            fresh++;
                        }
                    }
                }
                return fresh;
            });
        }
        return added;
    }

    private boolean observe(Connection c, PreparedStatement insert, PreparedStatement move,
                            ObservedTransfer transfer, long confirmations) throws SQLException {
        // A savepoint keeps the transaction usable on PostgreSQL after the key refuses the row.
        Savepoint before = c.setSavepoint();
        try {
            insert.setString(1, transfer.txHash());
            insert.setLong(2, transfer.logIndex());
            insert.setString(3, transfer.from().value());
            insert.setString(4, transfer.to().value());
            insert.setString(5, transfer.amount().toString());
            insert.setLong(6, transfer.blockNumber());
            insert.setString(7, transfer.blockHash());
            insert.setLong(8, confirmations);
            insert.setString(9, TransferState.PENDING.name());
            insert.setTimestamp(10, now());
            insert.executeUpdate();
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (!Transactions.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(before);
        }
        move.setLong(1, transfer.blockNumber());
        move.setString(2, transfer.blockHash());
        move.setLong(3, confirmations);
        move.setString(4, TransferState.PENDING.name());
        move.setTimestamp(5, now());
        move.setString(6, transfer.txHash());
        move.setLong(7, transfer.logIndex());
        move.setString(8, TransferState.PENDING.name());
        move.setString(9, TransferState.REJECTED.name());
        move.setString(10, TransferRejection.REORGED.name());
        move.executeUpdate();
        return false;
    }

    /** The transfer with this key, if known. */
    public Optional<Transfer> find(String txHash, long logIndex) {
        List<Transfer> found = query("SELECT " + COLUMNS + " FROM token_transfer WHERE tx_hash = ? AND log_index = ?",
                Transfer.txHash(txHash), logIndex);
        return found.stream().findFirst();
    }

    /** Every transfer of one transaction, by log index. */
    public List<Transfer> findByTxHash(String txHash) {
        return query("SELECT " + COLUMNS + " FROM token_transfer WHERE tx_hash = ? ORDER BY log_index",
                Transfer.txHash(txHash));
    }

    /** Every transfer sent by {@code from}, newest block first. */
    public List<Transfer> byFrom(Address from) {
        return query("SELECT " + COLUMNS + " FROM token_transfer WHERE from_address = ? "
                + "ORDER BY block_number DESC, log_index", from.value());
    }

    /** The credit recorded for a transfer, if any. */
    public Optional<CreditRecord> creditFor(String txHash, long logIndex) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT user_address, amount, outbox_id FROM credit "
                    + "WHERE tx_hash = ? AND log_index = ?")) {
                select.setString(1, Transfer.txHash(txHash));
                select.setLong(2, logIndex);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<CreditRecord>empty();
                    }
                    long outboxId = rows.getLong(3);
                    return Optional.of(new CreditRecord(Transfer.txHash(txHash), logIndex,
                            Address.of(rows.getString(1)), new BigInteger(rows.getString(2)),
                            rows.wasNull() ? null : outboxId));
                }
            }
        });
    }

    /**
     * Where each pending transfer sits, in no particular order (sorting 10 000 rows is work a cycle does not need):
     * the key and block only, which is all a confirmation cycle compares with the chain.
     */
    public List<PendingTransfer> pendingBlocks() {
        return Transactions.query(dataSource, "SELECT tx_hash, log_index, block_number, block_hash FROM token_transfer"
                        + " WHERE state = ?",
                row -> new PendingTransfer(row.getString(1), row.getLong(2), row.getLong(3), row.getString(4)),
                TransferState.PENDING.name());
    }

    /**
     * Sets the confirmations of every pending transfer at or below {@code head} to what it has at that head, in
     * one statement; rows already holding that count are not written, so a head that did not move writes nothing.
     * Confirmed, credited and rejected rows are left alone.
     *
     * @return how many rows changed
     */
    public int updateConfirmations(long head) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE token_transfer SET confirmations = ? "
                    + "- block_number + 1, updated_at = ? WHERE state = ? AND block_number <= ? "
                    + "AND confirmations <> ? - block_number + 1")) {
                update.setLong(1, head);
                update.setTimestamp(2, now());
                update.setString(3, TransferState.PENDING.name());
                update.setLong(4, head);
                update.setLong(5, head);
                return update.executeUpdate();
            }
        });
    }

    /** Marks a pending transfer REJECTED; returns false when it was not pending. */
    public boolean reject(String txHash, long logIndex, TransferRejection reason) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE token_transfer SET state = ?, reason = ?, "
                    + "updated_at = ? WHERE tx_hash = ? AND log_index = ? AND state = ?")) {
                update.setString(1, TransferState.REJECTED.name());
                update.setString(2, reason.name());
                update.setTimestamp(3, now());
                update.setString(4, Transfer.txHash(txHash));
                update.setLong(5, logIndex);
                update.setString(6, TransferState.PENDING.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Moves a pending transfer to CONFIRMED inside the caller's transaction, only if it still sits in the block
     * with {@code blockHash}. Returns false when another instance confirmed it first or the block changed.
     */
    public boolean confirm(Connection c, ObservedTransfer transfer, long confirmations) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE token_transfer SET state = ?, confirmations = ?, "
                + "updated_at = ? WHERE tx_hash = ? AND log_index = ? AND block_hash = ? AND state = ?")) {
            update.setString(1, TransferState.CONFIRMED.name());
            update.setLong(2, confirmations);
            update.setTimestamp(3, now());
            update.setString(4, transfer.txHash());
            update.setLong(5, transfer.logIndex());
            update.setString(6, transfer.blockHash());
            update.setString(7, TransferState.PENDING.name());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Records the credit for a transfer inside the caller's transaction. The unique key refuses a second credit
     * for the same (tx hash, log index); then this returns false and the caller must not credit.
     */
    public boolean recordCredit(Connection c, String txHash, long logIndex, Address user, BigInteger amount)
            throws SQLException {
        // A savepoint keeps the caller's transaction usable on PostgreSQL after the key refuses the row.
        java.sql.Savepoint before = c.setSavepoint();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO credit (tx_hash, log_index, user_address, "
                + "amount, outbox_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)")) {
            insert.setString(1, Transfer.txHash(txHash));
            insert.setLong(2, logIndex);
            insert.setString(3, user.value());
            insert.setString(4, amount.toString());
            insert.setTimestamp(5, now());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                c.rollback(before);
                return false;
            }
            throw e;
        }
    }

    /** Links a recorded credit to the outbox row of its {@code Market.credit} transaction. */
    public void linkCreditToOutbox(Connection c, String txHash, long logIndex, long outboxId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE credit SET outbox_id = ? WHERE tx_hash = ? AND log_index = ?")) {
            update.setLong(1, outboxId);
            update.setString(2, txHash);
            update.setLong(3, logIndex);
            update.executeUpdate();
        }
    }

    /** How many credits were recorded for this transfer: 0 or 1, the unique key allows no more. */
    public int creditCount(String txHash, long logIndex) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT COUNT(*) FROM credit WHERE tx_hash = ? AND log_index = ?")) {
                select.setString(1, Transfer.txHash(txHash));
                select.setLong(2, logIndex);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /**
     * Moves CONFIRMED transfers whose credit transaction was mined successfully to CREDITED.
     *
     * @return how many transfers became CREDITED
     */
    public int markCreditedWhereMined() {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE token_transfer SET state = ?, updated_at = ? "
                    + "WHERE state = ? AND EXISTS (SELECT 1 FROM credit cr JOIN chain_outbox o ON o.id = cr.outbox_id "
                    + "WHERE cr.tx_hash = token_transfer.tx_hash AND cr.log_index = token_transfer.log_index "
                    + "AND o.state = 'MINED' AND o.receipt_status = 'SUCCESS')")) {
                update.setString(1, TransferState.CREDITED.name());
                update.setTimestamp(2, now());
                update.setString(3, TransferState.CONFIRMED.name());
                return update.executeUpdate();
            }
        });
    }

    /** Remembers that a reported transaction gave no usable transfer; the first reason recorded stays. */
    public void recordRejection(String txHash, TransferRejection reason) {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO transfer_rejection (tx_hash, reason, rejected_at) VALUES (?, ?, ?)")) {
                insert.setString(1, Transfer.txHash(txHash));
                insert.setString(2, reason.name());
                insert.setTimestamp(3, now());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Why a reported transaction was rejected, if it was. */
    public Optional<TransferRejection> rejectionOf(String txHash) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT reason FROM transfer_rejection WHERE tx_hash = ?")) {
                select.setString(1, Transfer.txHash(txHash));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(TransferRejection.valueOf(rows.getString(1)))
                            : Optional.<TransferRejection>empty();
                }
            }
        });
    }

    /** Why a transfer row was rejected, if it was. */
    public Optional<TransferRejection> rejectionOf(String txHash, long logIndex) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT reason FROM token_transfer WHERE tx_hash = ? AND log_index = ? AND reason IS NOT NULL")) {
                select.setString(1, Transfer.txHash(txHash));
                select.setLong(2, logIndex);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(TransferRejection.valueOf(rows.getString(1)))
                            : Optional.<TransferRejection>empty();
                }
            }
        });
    }

    /** The last block the scan named {@code name} has covered, if it ever ran. */
    public OptionalLong scannedTo(String name) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT block_number FROM chain_cursor WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /** Records that the scan named {@code name} has covered the chain up to {@code block}. */
    public void scannedTo(String name, long block) {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE chain_cursor SET block_number = ? WHERE name = ?")) {
                update.setLong(1, block);
                update.setString(2, name);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO chain_cursor (name, block_number) VALUES (?, ?)")) {
                insert.setString(1, name);
                insert.setLong(2, block);
                insert.executeUpdate();
            } catch (SQLException e) {
                // Another instance created the cursor at the same moment; its value is as good as ours.
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    private List<Transfer> query(String sql, Object... parameters) {
        return Transactions.inTransaction(dataSource, c -> {
            List<Transfer> result = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(new Transfer(rows.getString(1), rows.getLong(2), Address.of(rows.getString(3)),
                                Address.of(rows.getString(4)), new BigInteger(rows.getString(5)), rows.getLong(8),
                                TransferState.valueOf(rows.getString(9))));
                    }
                }
            }
            return result;
        });
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
