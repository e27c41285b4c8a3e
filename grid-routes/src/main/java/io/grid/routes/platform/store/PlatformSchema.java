package io.grid.routes.platform.store;

import io.grid.routes.outbox.ChainOutbox;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and migrates the platform's tables with Flyway, from the scripts under {@code db/grid-platform},
 * recorded in their own history table. Neither is Flyway's default, so a host application's own Flyway
 * migrations (and Spring Boot's Flyway auto-configuration) never pick up or collide with GRID's. The scripts
 * are written once for both embedded Derby and PostgreSQL. Running it on a current database changes nothing.
 */
public final class PlatformSchema {

    /** Where the migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/grid-platform";

    /** Flyway's history table of the platform's migrations. */
    public static final String HISTORY_TABLE = "grid_platform_schema_history";

    private PlatformSchema() {
    }

    /** Brings the schema of {@code dataSource} up to date; returns the number of scripts applied now. */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION, ChainOutbox.SCHEMA_LOCATION)
                .table(HISTORY_TABLE)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
