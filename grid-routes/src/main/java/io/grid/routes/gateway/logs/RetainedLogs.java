package io.grid.routes.gateway.logs;

import io.grid.routes.store.StoreException;
import io.grid.routes.store.Transactions;

import javax.sql.DataSource;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gateway's {@code gateway_app_record} table: after an order's teardown, the last
 * {@link #maxChars()} characters of each container's log and of the namespace's events, readable with
 * the order's cookie for {@link #retention()}, then deleted. At most {@link #MAX_SOURCES} rows per order.
 */
public class RetainedLogs {

    /** The row holding the namespace's events. */
    public static final String EVENTS = "events";
    /** Most rows (containers and events) kept per order. */
    public static final int MAX_SOURCES = 32;
    /** Most characters a row can hold (the column's size). */
    public static final int COLUMN_CHARS = 32_672;

    private final DataSource dataSource;
    private final Duration retention;
    private final int maxChars;
    private final Clock clock;

    /**
     * @param dataSource the gateway's database
     * @param retention  how long the records stay readable after teardown
     * @param maxChars   how many of the last characters of each log are kept (at most {@link #COLUMN_CHARS})
     * @param clock      when records are kept and when they expire
     */
    public RetainedLogs(DataSource dataSource, Duration retention, int maxChars, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        if (maxChars < 1 || maxChars > COLUMN_CHARS) {
            throw new IllegalArgumentException("maxChars must be 1.." + COLUMN_CHARS + ", was " + maxChars);
        }
        this.retention = retention;
        this.maxChars = maxChars;
    }

    public Duration retention() {
        return retention;
    }

    public int maxChars() {
        return maxChars;
    }

    /**
     * Keeps the tail of each non-empty text (source → text, in order) for {@link #retention()},
     * replacing what was kept from the same source before. Sources past {@link #MAX_SOURCES} are dropped.
     */
    public void retain(BigInteger orderId, Map<String, String> texts) {
        Instant now = clock.instant();
        try {
            store(orderId, texts, now);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || sql.getSQLState() == null || !sql.getSQLState().startsWith("23")) {
                throw e;
            }
            // Two lifecycle passes retained the same order at once: the other one's rows stand.
        }
    }

    private void store(BigInteger orderId, Map<String, String> texts, Instant now) {
        Transactions.inTransaction(dataSource, c -> {
            int kept = count(c, orderId);
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM gateway_app_record WHERE order_id = ? AND source = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO gateway_app_record "
                         + "(order_id, source, content, recorded_at, retained_until) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, String> text : texts.entrySet()) {
                    if (text.getValue().isEmpty()) {
                        continue; // nothing read now: what was kept before stands
                    }
                    String source = text.getKey().length() > 320 ? text.getKey().substring(0, 320) : text.getKey();
                    delete.setString(1, orderId.toString());
                    delete.setString(2, source);
                    boolean replaced = delete.executeUpdate() > 0;
                    if (!replaced && kept >= MAX_SOURCES) {
                        continue;
                    }
                    kept += replaced ? 0 : 1;
                    insert.setString(1, orderId.toString());
                    insert.setString(2, source);
                    insert.setString(3, tail(text.getValue()));
                    insert.setTimestamp(4, Timestamp.from(now));
                    insert.setTimestamp(5, Timestamp.from(now.plus(retention)));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static int count(java.sql.Connection c, BigInteger orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM gateway_app_record WHERE order_id = ?")) {
            select.setString(1, orderId.toString());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** What is kept for the order and not expired: source → text, in source order. */
    public Map<String, String> find(BigInteger orderId) {
        Instant now = clock.instant();
        return Transactions.inTransaction(dataSource, c -> {
            Map<String, String> found = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT source, content FROM gateway_app_record "
                    + "WHERE order_id = ? AND retained_until > ? ORDER BY source")) {
                select.setString(1, orderId.toString());
                select.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return found;
        });
    }

    /** Deletes what expired; returns how many rows. */
    public int deleteExpired() {
        Instant now = clock.instant();
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM gateway_app_record WHERE retained_until <= ?")) {
                delete.setTimestamp(1, Timestamp.from(now));
                return delete.executeUpdate();
            }
        });
    }

    /** The last {@link #maxChars} characters, cut at a line start when one is near. */
    String tail(String text) {
        if (text.length() <= maxChars) {
            return text;
        }
        String tail = text.substring(text.length() - maxChars);
        int newline = tail.indexOf('\n');
        return newline >= 0 && newline < tail.length() - 1 ? tail.substring(newline + 1) : tail;
    }
}
