package io.grid.routes.chain;

import io.grid.core.log.LogEvent;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain a GRID database was made for, recorded in its table {@value #TABLE} at the first start. Orders,
 * transfers and above all the outbox's account nonces only make sense on that chain: on another one the platform
 * would sign transactions at nonces the chain never reached, and they would wait in the node's pool for ever. So a
 * start against another chain is refused with a message saying what to do, or — when the operator asked for it
 * ({@link OnMismatch#RESET}) — GRID's tables of that database are emptied and made again for the new chain.
 */
public final class ChainBinding {

    /** The table that holds the recorded chain (one row). */
    public static final String TABLE = "grid_chain_binding";

    /** The Spring Boot property that chooses what happens on a mismatch. */
    public static final String PROPERTY = "grid.chain.on-database-mismatch";

    private static final Logger LOG = LoggerFactory.getLogger(ChainBinding.class);

    /** What a start does when the database was made for another chain. */
    public enum OnMismatch {
        /** Refuse to start, naming both chains (the default). */
        FAIL,
        /** Drop GRID's tables of that database, migrate them again and record the new chain: for development chains. */
        RESET
    }

    private ChainBinding() {
    }

    /**
     * Migrates the database {@code name} ({@code migrate}) and makes sure it belongs to {@code current}
     * ({@link #ensure}); a reset drops {@code tables} only (those GRID's migrations create, history table included)
     * and migrates again.
     */
    public static void prepare(DataSource dataSource, String name, Collection<String> tables, Runnable migrate,
                               ChainIdentity current, OnMismatch onMismatch, Clock clock) {
        migrate.run();
        ensure(dataSource, name, current, onMismatch, () -> {
            dropTables(dataSource, tables);
            migrate.run();
        }, clock);
    }

    /**
     * Makes sure the (migrated) database {@code name} belongs to {@code current}: records it on the first start,
     * passes when it is the recorded chain, otherwise fails or resets as {@code onMismatch} says.
     *
     * @param reset drops GRID's tables of this database and migrates them again (only called for RESET)
     * @throws ChainMismatchException when the database belongs to another chain and {@code onMismatch} is FAIL
     */
    public static void ensure(DataSource dataSource, String name, ChainIdentity current, OnMismatch onMismatch,
                              Runnable reset, Clock clock) {
        Optional<ChainIdentity> recorded = recorded(dataSource);
        if (recorded.isEmpty()) {
            record(dataSource, current, clock);
            return;
        }
        if (recorded.get().equals(current)) {
            return;
        }
        if (onMismatch != OnMismatch.RESET) {
            throw new ChainMismatchException("the " + name + " database was made for " + recorded.get()
                    + ", but the chain node serves " + current + ": point GRID at that chain's database (or at an "
                    + "empty one), or set " + PROPERTY + "=reset to empty GRID's tables of this database for the "
                    + "new chain (a development chain that starts afresh each time)");
        }
        LogEvent.warn(LOG, "database_reset").with("database", name).with("was", recorded.get()).with("now", current)
                .with("note", "GRID's tables reset for another chain").log();
        reset.run();
        record(dataSource, current, clock);
    }

    /** The chain recorded in the database, if any. */
    public static Optional<ChainIdentity> recorded(DataSource dataSource) {
        try (Connection c = dataSource.getConnection();
             Statement query = c.createStatement();
             ResultSet row = query.executeQuery("SELECT chain_id, genesis_hash FROM " + TABLE)) {
            return row.next() ? Optional.of(new ChainIdentity(row.getLong(1), row.getString(2))) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + TABLE + ": " + e.getMessage(), e);
        }
    }

    private static void record(DataSource dataSource, ChainIdentity chain, Clock clock) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                     + " (chain_id, genesis_hash, recorded_at) VALUES (?, ?, ?)")) {
            insert.setLong(1, chain.chainId());
            insert.setString(2, chain.genesisHash());
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the chain in " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops those of {@code tables} that exist in the connection's default schema (any letter case), and nothing
     * else: a host's own tables in the same schema stay.
     */
    public static void dropTables(DataSource dataSource, Collection<String> tables) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String schema = c.getSchema();
            for (String table : tables) {
                for (String candidate : new String[] {table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT)}) {
                    boolean exists;
                    try (ResultSet found = meta.getTables(null, schema, candidate, new String[] {"TABLE"})) {
                        exists = found.next();
                    }
                    if (exists) {
                        try (Statement drop = c.createStatement()) {
                            // Quoted as found: Flyway creates its history table with a quoted lower-case name.
                            drop.execute("DROP TABLE \"" + candidate + "\"");
                        }
                        break;
                    }
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop GRID's tables: " + e.getMessage(), e);
        }
    }
}
