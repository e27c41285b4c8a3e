package io.grid.routes.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.routes.platform.store.PlatformSchema;
import io.grid.routes.platform.store.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainBindingTest {

    private static final ChainIdentity FIRST = new ChainIdentity(31337, "0x" + "a1".repeat(32));
    private static final ChainIdentity RESTARTED = new ChainIdentity(31337, "0x" + "b2".repeat(32));

    @TempDir
    Path directory;

    @Test
    void recordsTheChainAtTheFirstStartAndPassesOnTheSameChain() {
        DataSource database = TestDatabase.empty(directory);

        PlatformSchema.prepare(database, FIRST, ChainBinding.OnMismatch.FAIL, Clock.systemUTC());
        PlatformSchema.prepare(database, FIRST, ChainBinding.OnMismatch.FAIL, Clock.systemUTC());

        assertThat(ChainBinding.recorded(database)).contains(FIRST);
    }

    @Test
    void refusesADatabaseMadeForAnotherChainNamingBothAndTheWayOut() throws SQLException {
        DataSource database = TestDatabase.empty(directory);
        PlatformSchema.prepare(database, FIRST, ChainBinding.OnMismatch.FAIL, Clock.systemUTC());
        insertOutboxNonce(database);

        assertThatThrownBy(() -> PlatformSchema.prepare(database, RESTARTED, ChainBinding.OnMismatch.FAIL,
                Clock.systemUTC()))
                .isInstanceOf(ChainMismatchException.class)
                .hasMessageContaining("platform database was made for chain id 31337 (genesis block " + FIRST.genesisHash())
                .hasMessageContaining("serves chain id 31337 (genesis block " + RESTARTED.genesisHash())
                .hasMessageContaining("grid.chain.on-database-mismatch=reset");
        assertThat(ChainBinding.recorded(database)).contains(FIRST);
        assertThat(count(database, "chain_nonce")).isEqualTo(1);
    }

    @Test
    void resetEmptiesGridsTablesForTheNewChainAndLeavesTheHostsTables() throws SQLException {
        DataSource database = TestDatabase.empty(directory);
        execute(database, "CREATE TABLE acme_customer (id BIGINT NOT NULL PRIMARY KEY)");
        execute(database, "INSERT INTO acme_customer (id) VALUES (7)");
        PlatformSchema.prepare(database, FIRST, ChainBinding.OnMismatch.FAIL, Clock.systemUTC());
        insertOutboxNonce(database);

        PlatformSchema.prepare(database, RESTARTED, ChainBinding.OnMismatch.RESET, Clock.systemUTC());

        assertThat(ChainBinding.recorded(database)).contains(RESTARTED);
        assertThat(count(database, "chain_nonce")).isZero();
        assertThat(count(database, "chain_sequence")).isEqualTo(1);
        assertThat(count(database, "acme_customer")).isEqualTo(1);
    }

    private static void insertOutboxNonce(DataSource database) throws SQLException {
        execute(database, "INSERT INTO chain_nonce (sender, next_nonce) VALUES "
                + "('0x1111111111111111111111111111111111111111', 5)");
    }

    private static void execute(DataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(DataSource database, String table) throws SQLException {
        try (Connection c = database.getConnection(); Statement statement = c.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
