package io.grid.routes.platform.store;

import io.grid.api.Address;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code chain_outbox} and {@code chain_nonce} tables: every chain write is a row here, stored signed
 * before it is sent, and account nonces are handed out under the lock of one counter row per account.
 */
public class ChainOutbox {

    /** Where the outbox tables' migration lives; both the platform's and the gateway's schemas include it. */
    public static final String SCHEMA_LOCATION = "classpath:db/grid-outbox";

    private static final String COLUMNS = "id, sender, to_address, call_data, gas_limit, state, nonce, tx_hash, "
            + "raw_tx, attempts, last_error, block_number, receipt_status, created_at, sent_at";
    private static final int MAX_ERROR_LENGTH = 500;

    private final DataSource dataSource;
    private final Clock clock;

    public ChainOutbox(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The data source the rows live in, for callers that join a write into the same transaction. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Stores a call as QUEUED inside the caller's transaction; returns its outbox id. */
    public long enqueue(Connection c, Address sender, Address to, String data, BigInteger gasLimit)
            throws SQLException {
        long id = nextId(c);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO chain_outbox (id, sender, to_address, "
                + "call_data, gas_limit, state, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, sender.value());
            insert.setString(3, to.value());
            insert.setString(4, data);
            insert.setLong(5, gasLimit.longValueExact());
            insert.setString(6, OutboxState.QUEUED.name());
            insert.setTimestamp(7, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            return id;
        }
    }

    private static long nextId(Connection c) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE chain_sequence SET next_value = next_value + 1 WHERE name = 'chain_outbox'")) {
            update.executeUpdate();
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT next_value FROM chain_sequence WHERE name = 'chain_outbox'");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1) - 1;
        }
    }

    /** True once a nonce counter exists for {@code sender}. */
    public boolean knowsNonce(Address sender) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM chain_nonce WHERE sender = ?")) {
                select.setString(1, sender.value());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /**
     * Takes the next nonce of {@code sender} inside the caller's transaction. The counter row stays locked until
     * that transaction ends, so concurrent writers, on any instance, get consecutive nonces.
     *
     * @param chainNonce the account's pending transaction count on chain, used only when no counter exists yet
     */
    public long allocateNonce(Connection c, Address sender, long chainNonce) throws SQLException {
        while (true) {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE chain_nonce SET next_nonce = next_nonce + 1 WHERE sender = ?")) {
                update.setString(1, sender.value());
                if (update.executeUpdate() == 1) {
                    try (PreparedStatement select = c.prepareStatement(
                            "SELECT next_nonce FROM chain_nonce WHERE sender = ?")) {
                        select.setString(1, sender.value());
                        try (ResultSet rows = select.executeQuery()) {
                            rows.next();
                            return rows.getLong(1) - 1;
                        }
                    }
                }
            }
            Savepoint before = c.setSavepoint();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO chain_nonce (sender, next_nonce) VALUES (?, ?)")) {
                insert.setString(1, sender.value());
                insert.setLong(2, chainNonce + 1);
                insert.executeUpdate();
                return chainNonce;
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                // Another writer created the counter first: take the next value from it.
                c.rollback(before);
            }
        }
    }

    /** Stores nonce, hash and signed bytes of a QUEUED row; false when another writer signed it first. */
    public boolean markSigned(Connection c, long id, long nonce, String txHash, String rawTx) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE chain_outbox SET state = ?, nonce = ?, tx_hash = ?, "
                + "raw_tx = ? WHERE id = ? AND state = ?")) {
            update.setString(1, OutboxState.SIGNED.name());
            update.setLong(2, nonce);
            update.setString(3, txHash);
            update.setString(4, rawTx);
            update.setLong(5, id);
            update.setString(6, OutboxState.QUEUED.name());
            return update.executeUpdate() == 1;
        }
    }

    /** Drops a QUEUED row the chain no longer needs; false when it was signed meanwhile (then it goes out). */
    public boolean markDropped(long id, String why) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE chain_outbox SET state = ?, last_error = ? "
                    + "WHERE id = ? AND state = ?")) {
                update.setString(1, OutboxState.DROPPED.name());
                update.setString(2, why.length() > MAX_ERROR_LENGTH ? why.substring(0, MAX_ERROR_LENGTH) : why);
                update.setLong(3, id);
                update.setString(4, OutboxState.QUEUED.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Records that a node accepted (or already had) the raw bytes of row {@code id}. */
    public void markSent(long id) {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE chain_outbox SET state = CASE WHEN state = ? "
                    + "THEN ? ELSE state END, attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?")) {
                update.setString(1, OutboxState.SIGNED.name());
                update.setString(2, OutboxState.SENT.name());
                update.setTimestamp(3, Timestamp.from(clock.instant()));
                update.setLong(4, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Records the receipt of row {@code id}. */
    public void markMined(long id, long blockNumber, boolean succeeded) {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE chain_outbox SET state = ?, block_number = ?, "
                    + "receipt_status = ? WHERE id = ?")) {
                update.setString(1, OutboxState.MINED.name());
                update.setLong(2, blockNumber);
                update.setString(3, succeeded ? "SUCCESS" : "FAILURE");
                update.setLong(4, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Keeps the last error met while working on row {@code id}, for operators. */
    public void recordError(long id, String error) {
        String text = error == null ? "unknown error" : error;
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE chain_outbox SET last_error = ? WHERE id = ?")) {
                update.setString(1, text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text);
                update.setLong(2, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The row with this id. */
    public Optional<OutboxEntry> find(long id) {
        return select("SELECT " + COLUMNS + " FROM chain_outbox WHERE id = ?", id).stream().findFirst();
    }

    /** Rows of {@code sender} that are neither MINED nor DROPPED, in submission order. */
    public List<OutboxEntry> open(Address sender) {
        return select("SELECT " + COLUMNS + " FROM chain_outbox WHERE sender = ? AND state NOT IN ('MINED', 'DROPPED') "
                        + "ORDER BY id",
                sender.value());
    }

    /** Every row of {@code sender}, in submission order. */
    public List<OutboxEntry> all(Address sender) {
        return select("SELECT " + COLUMNS + " FROM chain_outbox WHERE sender = ? ORDER BY id", sender.value());
    }

    private List<OutboxEntry> select(String sql, Object... parameters) {
        return Transactions.query(dataSource, sql, ChainOutbox::read, parameters);
    }

    private static OutboxEntry read(ResultSet rows) throws SQLException {
        long nonce = rows.getLong(7);
        Long nonceOrNull = rows.wasNull() ? null : nonce;
        long block = rows.getLong(12);
        Long blockOrNull = rows.wasNull() ? null : block;
        String status = rows.getString(13);
        Timestamp sentAt = rows.getTimestamp(15);
        return new OutboxEntry(rows.getLong(1), Address.of(rows.getString(2)), Address.of(rows.getString(3)),
                rows.getString(4), BigInteger.valueOf(rows.getLong(5)), OutboxState.valueOf(rows.getString(6)),
                nonceOrNull, rows.getString(8), rows.getString(9), rows.getInt(10), rows.getString(11), blockOrNull,
                status == null ? null : "SUCCESS".equals(status), rows.getTimestamp(14).toInstant(),
                sentAt == null ? null : sentAt.toInstant());
    }
}
