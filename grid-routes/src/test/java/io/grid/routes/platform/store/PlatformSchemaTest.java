package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSchemaTest {

    @TempDir
    Path directory;

    @Test
    void createsEveryTableOnAnEmptyDerbyDatabase() throws SQLException {
        DataSource dataSource = DerbyDatabase.empty(directory);

        int applied = PlatformSchema.migrate(dataSource);

        assertThat(applied).isEqualTo(3);
        assertThat(tables(dataSource)).contains("provider", "grid_order", "token_transfer", "transfer_rejection",
                "credit", "request_nonce", "chain_nonce", "chain_outbox", "chain_cursor", "order_settlement");
    }

    @Test
    void migratingAnUpToDateDatabaseAgainChangesNothing() throws SQLException {
        DataSource dataSource = DerbyDatabase.empty(directory);
        PlatformSchema.migrate(dataSource);
        List<String> before = tables(dataSource);

        int applied = PlatformSchema.migrate(dataSource);

        assertThat(applied).isZero();
        assertThat(tables(dataSource)).isEqualTo(before);
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
