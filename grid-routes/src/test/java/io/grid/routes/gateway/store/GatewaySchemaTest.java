package io.grid.routes.gateway.store;

import io.grid.routes.platform.store.PlatformSchema;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatewaySchemaTest {

    static EmbeddedDataSource connectAs(Path directory, String user) {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(directory.resolve("shared-db").toString());
        dataSource.setCreateDatabase("create");
        dataSource.setUser(user);
        return dataSource;
    }

    @Test
    void sharesOneDerbyDatabaseWithThePlatformInASchemaOfItsOwn(@TempDir Path directory) throws Exception {
        EmbeddedDataSource platform = connectAs(directory, "GRID_PLATFORM");
        EmbeddedDataSource gateway = connectAs(directory, "GRID_GATEWAY");

        int platformScripts = PlatformSchema.migrate(platform);
        int gatewayScripts = GatewaySchema.migrate(gateway);

        assertThat(platformScripts).isPositive();
        assertThat(gatewayScripts).isEqualTo(2);
        try (Connection c = gateway.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, "GRID_GATEWAY", "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
            // Flyway quotes its history table, so Derby keeps the name in lower case.
            assertThat(names).contains("GATEWAY_ORDER", "CHAIN_OUTBOX", GatewaySchema.HISTORY_TABLE);
        }
    }

    @Test
    void migratingAgainChangesNothing(@TempDir Path directory) {
        EmbeddedDataSource gateway = connectAs(directory, "GRID_GATEWAY");
        GatewaySchema.migrate(gateway);

        assertThat(GatewaySchema.migrate(gateway)).isZero();
    }
}
