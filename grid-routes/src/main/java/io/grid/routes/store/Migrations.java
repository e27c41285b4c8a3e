package io.grid.routes.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * How GRID migrates one of its databases with Flyway: from its own locations into its own history table, beside a
 * host's migrations and {@code flyway_schema_history} in the same schema (from a baseline at version 0 when the
 * schema already holds the host's tables).
 */
public final class Migrations {

    private Migrations() {
    }

    /** Brings the schema of {@code dataSource} up to date; returns the number of scripts applied now. */
    public static int migrate(DataSource dataSource, String historyTable, String... locations) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
