package io.grid.routes.gateway.store;

import io.grid.routes.chain.ChainBinding;
import io.grid.routes.chain.ChainIdentity;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.store.Migrations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates and migrates the gateway's tables with Flyway, from {@code db/gateway}, recording them in
 * their own history table so that the platform's migrations, a host's and the gateway's never mix (a non-empty
 * schema gets a baseline at version 0, below the first script). The tables go into the DataSource's default
 * schema: give the gateway a schema of its own when it shares a database with the platform (Derby: connect as
 * user {@code GRID_GATEWAY}).
 */
public final class GatewaySchema {

    /** Where the gateway's migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/gateway";
    /** Flyway's history table of the gateway's migrations. */
    public static final String HISTORY_TABLE = "gateway_schema_history";

    /** Every table the gateway's migrations create, its history table included: what a reset drops. */
    public static final List<String> TABLES;

    static {
        List<String> tables = new ArrayList<>(List.of("gateway_order", ChainBinding.TABLE));
        tables.addAll(ChainOutbox.TABLES);
        tables.add(HISTORY_TABLE);
        TABLES = List.copyOf(tables);
    }

    private GatewaySchema() {
    }

    /** Brings the gateway's schema up to date; returns the number of scripts applied now. */
    public static int migrate(DataSource dataSource) {
        return Migrations.migrate(dataSource, HISTORY_TABLE, LOCATION, ChainOutbox.SCHEMA_LOCATION);
    }

    /** Migrates the schema and makes sure it belongs to {@code chain}, as {@code PlatformSchema.prepare} does. */
    public static void prepare(DataSource dataSource, ChainIdentity chain, ChainBinding.OnMismatch onMismatch,
                               Clock clock) {
        ChainBinding.prepare(dataSource, "gateway", TABLES, () -> migrate(dataSource), chain, onMismatch, clock);
    }
}
