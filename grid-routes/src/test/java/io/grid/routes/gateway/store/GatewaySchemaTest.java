package io.grid.routes.gateway.store;

import io.grid.routes.platform.store.PlatformSchema;
import io.grid.routes.platform.store.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class GatewaySchemaTest {

    @Test
    void sharesOneDatabaseWithThePlatformInASchemaOfItsOwn(@TempDir Path directory) throws Exception {
        DataSource platform = TestDatabase.inSchema(directory, "GRID_PLATFORM");
        DataSource gateway = TestDatabase.inSchema(directory, "GRID_GATEWAY");

        int platformScripts = PlatformSchema.migrate(platform);
        int gatewayScripts = GatewaySchema.migrate(gateway);

        assertThat(platformScripts).isPositive();
        assertThat(gatewayScripts).isEqualTo(4);
        try (Connection c = gateway.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                // Derby folds unquoted names to upper case, PostgreSQL to lower case.
                names.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
            assertThat(c.getSchema()).isEqualToIgnoringCase("GRID_GATEWAY");
            assertThat(names).contains("gateway_order", "chain_outbox", "gateway_app_record", GatewaySchema.HISTORY_TABLE)
                    .doesNotContain("grid_order", PlatformSchema.HISTORY_TABLE);
        }
    }

    @Test
    void migratingAgainChangesNothing(@TempDir Path directory) {
        DataSource gateway = TestDatabase.inSchema(directory, "GRID_GATEWAY");
        GatewaySchema.migrate(gateway);

        assertThat(GatewaySchema.migrate(gateway)).isZero();
    }
}
