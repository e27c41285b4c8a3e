package io.grid.routes.platform.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** A real embedded Derby database in a directory of the test, schema migrated. */
public final class DerbyDatabase {

    private DerbyDatabase() {
    }

    /** An empty Derby database under {@code directory}, without schema. */
    public static DataSource empty(Path directory) {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(directory.resolve("grid-db").toString());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    /** A Derby database under {@code directory} with the platform schema. */
    public static DataSource migrated(Path directory) {
        DataSource dataSource = empty(directory);
        PlatformSchema.migrate(dataSource);
        return dataSource;
    }
}
