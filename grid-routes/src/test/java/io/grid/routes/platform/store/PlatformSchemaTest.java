package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.routes.outbox.ChainOutbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSchemaTest {

    @TempDir
    Path directory;

    @Test
    void createsEveryTableOnAnEmptyDatabase() throws SQLException {
        DataSource dataSource = TestDatabase.empty(directory);

        int applied = PlatformSchema.migrate(dataSource);

        assertThat(applied).isEqualTo(6);
        assertThat(tables(dataSource)).contains("provider", "grid_order", "token_transfer", "transfer_rejection",
                "credit", "request_nonce", "chain_nonce", "chain_outbox", "chain_cursor", "order_settlement",
                "grid_chain_binding", "gateway_probe", "gateway_status");
    }

    @Test
    void resetListsExactlyTheTablesTheMigrationsCreate() throws SQLException {
        DataSource dataSource = TestDatabase.empty(directory);

        PlatformSchema.migrate(dataSource);

        assertThat(tables(dataSource)).containsExactlyInAnyOrderElementsOf(PlatformSchema.TABLES);
    }

    @Test
    void migratesBesideAHostsOwnTablesAndHistory() throws SQLException {
        DataSource dataSource = TestDatabase.empty(directory);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/host-migration").load().migrate();

        int applied = PlatformSchema.migrate(dataSource);

        assertThat(applied).isEqualTo(6);
        assertThat(tables(dataSource)).contains("acme_customer", "flyway_schema_history", "grid_order",
                PlatformSchema.HISTORY_TABLE);
        assertThat(Flyway.configure().dataSource(dataSource).locations("classpath:db/host-migration").load()
                .validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void migratingAnUpToDateDatabaseAgainChangesNothing() throws SQLException {
        DataSource dataSource = TestDatabase.empty(directory);
        PlatformSchema.migrate(dataSource);
        List<String> before = tables(dataSource);

        int applied = PlatformSchema.migrate(dataSource);

        assertThat(applied).isZero();
        assertThat(tables(dataSource)).isEqualTo(before);
    }

    @Test
    void providersCachedBeforeFreeCapacityWasKeptStartFullyFree() throws SQLException {
        DataSource dataSource = TestDatabase.empty(directory);
        Flyway.configure().dataSource(dataSource).locations(PlatformSchema.LOCATION, ChainOutbox.SCHEMA_LOCATION)
                .table(PlatformSchema.HISTORY_TABLE).target("2").load().migrate();
        try (Connection c = dataSource.getConnection(); Statement insert = c.createStatement()) {
            insert.executeUpdate("INSERT INTO provider (address, name, gateway_url, cpu_millicores, memory_mib, "
                    + "storage_gib, gpu_count, gpu_model, price_cpu, price_memory, price_storage, price_gpu, active, "
                    + "updated_at) VALUES ('0x1111111111111111111111111111111111111111', 'cp', 'https://cp.example', "
                    + "4000, 8192, 100, 2, 'A100', '1', '1', '1', '1', TRUE, CURRENT_TIMESTAMP)");
        }

        int applied = PlatformSchema.migrate(dataSource);

        Provider cached = new ProviderStore(dataSource, Clock.systemUTC())
                .find(Address.of("0x1111111111111111111111111111111111111111")).orElseThrow();
        assertThat(applied).isEqualTo(3);
        assertThat(cached.free()).isEqualTo(new Resources(4000, 8192, 100, 2, "A100"));
    }

    private static List<String> tables(DataSource dataSource) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rows = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        names.sort(String::compareTo);
        return names;
    }
}
