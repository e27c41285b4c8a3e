package io.grid.routes.platform.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and migrates the platform's tables with Flyway, from the scripts under {@code db/migration}.
 * The scripts are written once for both embedded Derby and PostgreSQL. Running it on a database that is
 * already current changes nothing.
 */
public final class PlatformSchema {

    /** Where the migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    private PlatformSchema() {
    }

    /** Brings the schema of {@code dataSource} up to date; returns the number of scripts applied now. */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
