package io.grid.routes.platform.store;

import io.grid.routes.chain.ChainBinding;
import io.grid.routes.chain.ChainIdentity;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.store.Migrations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates and migrates the platform's tables with Flyway, from the scripts under {@code db/grid-platform},
 * recorded in their own history table. Neither is Flyway's default, so a host application's own Flyway
 * migrations (and Spring Boot's Flyway auto-configuration) never pick up GRID's scripts, and GRID never touches the
 * host's history. Because a host's tables may already stand in the same schema, GRID's history starts with a
 * baseline at version 0 when it finds the schema non-empty, below GRID's first script, so every script still runs.
 * The scripts are written once for both embedded Derby and PostgreSQL. Running it on a current database changes
 * nothing.
 */
public final class PlatformSchema {

    /** Where the migration scripts live on the classpath. */
    public static final String LOCATION = "classpath:db/grid-platform";

    /** Flyway's history table of the platform's migrations. */
    public static final String HISTORY_TABLE = "grid_platform_schema_history";

    /** Every table the platform's migrations create, its history table included: what a reset drops. */
    public static final List<String> TABLES;

    static {
        List<String> tables = new ArrayList<>(List.of("provider", "grid_order", "token_transfer",
                "transfer_rejection", "credit", "request_nonce", "chain_cursor", "order_settlement", "gateway_probe",
                "gateway_status",
                ChainBinding.TABLE));
        tables.addAll(ChainOutbox.TABLES);
        tables.add(HISTORY_TABLE);
        TABLES = List.copyOf(tables);
    }

    private PlatformSchema() {
    }

    /** Brings the schema of {@code dataSource} up to date; returns the number of scripts applied now. */
    public static int migrate(DataSource dataSource) {
        return Migrations.migrate(dataSource, HISTORY_TABLE, LOCATION, ChainOutbox.SCHEMA_LOCATION);
    }

    /**
     * Migrates the schema and makes sure it belongs to {@code chain} ({@link ChainBinding}): recorded at the first
     * start; on another chain refused, or with {@link ChainBinding.OnMismatch#RESET} dropped ({@link #TABLES} only)
     * and made again.
     */
    public static void prepare(DataSource dataSource, ChainIdentity chain, ChainBinding.OnMismatch onMismatch,
                               Clock clock) {
        ChainBinding.prepare(dataSource, "platform", TABLES, () -> migrate(dataSource), chain, onMismatch, clock);
    }
}
