package io.grid.routes.gateway.store;

import io.grid.routes.outbox.ChainOutbox;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * Creates and migrates the gateway's tables with Flyway, from {@code db/gateway}, recording them in
 * their own history table so that the platform's migrations and the gateway's never mix. The tables
 * go into the DataSource's default schema: give the gateway a schema of its own when it shares a
 * database with the platform (Derby: connect as user {@code GRID_GATEWAY}).
 */
public final class GatewaySchema {

    /** Where the gateway's migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/gateway";
    /** Flyway's history table of the gateway's migrations. */
    public static final String HISTORY_TABLE = "gateway_schema_history";

    private GatewaySchema() {
    }

    /** Brings the gateway's schema up to date; returns the number of scripts applied now. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION, ChainOutbox.SCHEMA_LOCATION)
                .table(HISTORY_TABLE)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
