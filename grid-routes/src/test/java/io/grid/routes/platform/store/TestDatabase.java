package io.grid.routes.platform.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real database for one test directory: embedded Derby, or a live PostgreSQL when the system property
 * {@value #POSTGRES_PROPERTY} names one (a JDBC URL of a database whose user may create databases, for
 * example {@code jdbc:postgresql://127.0.0.1:15432/postgres?user=grid}; {@code bin/grid-test-postgres}
 * starts a throwaway server and sets it). With PostgreSQL, each test directory gets its own database,
 * named from the directory, so a child process given the same directory opens the same database.
 */
public final class TestDatabase {

    /** The system property naming the PostgreSQL server to use instead of Derby. */
    public static final String POSTGRES_PROPERTY = "grid.test.postgres";

    private TestDatabase() {
    }

    /** The PostgreSQL server the tests run against, or null for embedded Derby. */
    public static String postgresUrl() {
        String url = System.getProperty(POSTGRES_PROPERTY);
        return url == null || url.isBlank() ? null : url;
    }

    /** An empty database for {@code directory}, without schema. */
    public static DataSource empty(Path directory) {
        String postgres = postgresUrl();
        return postgres != null ? postgres(postgres, directory) : derby(directory);
    }

    /**
     * The database for {@code directory} seen through a default schema of its own, as an operator gives the
     * gateway (or the platform) when both share one database: Derby connects as user {@code schema}, whose
     * default schema it is; PostgreSQL sets {@code currentSchema}, after creating the schema.
     */
    public static DataSource inSchema(Path directory, String schema) {
        String postgres = postgresUrl();
        if (postgres != null) {
            PGSimpleDataSource dataSource = postgres(postgres, directory);
            String name = schema.toLowerCase(Locale.ROOT);
            try (Connection c = dataSource.getConnection(); Statement create = c.createStatement()) {
                create.execute("CREATE SCHEMA IF NOT EXISTS " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create schema " + name, e);
            }
            dataSource.setCurrentSchema(name);
            return dataSource;
        }
        EmbeddedDataSource dataSource = derby(directory);
        dataSource.setUser(schema);
        return dataSource;
    }

    /** A database for {@code directory} with the platform schema. */
    public static DataSource migrated(Path directory) {
        DataSource dataSource = empty(directory);
        PlatformSchema.migrate(dataSource);
        return dataSource;
    }

    private static EmbeddedDataSource derby(Path directory) {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(directory.resolve("grid-db").toString());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    private static PGSimpleDataSource postgres(String serverUrl, Path directory) {
        String name = "grid_" + digest(directory.toAbsolutePath().toString());
        try (Connection admin = DriverManager.getConnection(serverUrl)) {
            boolean exists;
            try (PreparedStatement find = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                find.setString(1, name);
                try (ResultSet rows = find.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = admin.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + serverUrl, e);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(serverUrl);
        dataSource.setDatabaseName(name);
        return dataSource;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
