package io.grid.routes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs work in one JDBC transaction: commit on success, roll back on any failure. The stores use it so that
 * a caller can join several writes (a credit and its outbox row) into one atomic step.
 */
public final class Transactions {

    /** SQLSTATE of a unique-key violation, the same in Derby and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private Transactions() {
    }

    /** Work done with a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Turns the current row of a result set into a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Runs one query with positional {@code parameters} in its own transaction; every row read by {@code reader}. */
    public static <T> List<T> query(DataSource dataSource, String sql, RowReader<T> reader, Object... parameters) {
        return inTransaction(dataSource, c -> {
            List<T> result = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(reader.read(rows));
                    }
                }
            }
            return result;
        });
    }

    /** Runs {@code work} in a new transaction on a connection of {@code dataSource}. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one cached row whatever its past: {@code update} (bound to the new values), and when it changed no
     * row, {@code insert}. When a concurrent writer inserted the same key between the two (two threads caching the
     * same order read from the chain), the insert's unique violation is rolled back to a savepoint (PostgreSQL
     * would otherwise abort the whole transaction) and the update runs again, now on that row: the last writer's
     * values stay, as with any cache refresh. A delete followed by an insert would not do: deleting a missing row
     * locks nothing, so both writers would insert and one would fail.
     */
    public static void replace(Connection c, PreparedStatement update, PreparedStatement insert) throws SQLException {
        if (update.executeUpdate() > 0) {
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(before);
            if (update.executeUpdate() == 0) {
                throw new SQLException("a row refused as a duplicate cannot be found to update", e);
            }
        }
    }

    /** True when {@code e} (or an exception it chains) says a unique key refused a row. */
    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
