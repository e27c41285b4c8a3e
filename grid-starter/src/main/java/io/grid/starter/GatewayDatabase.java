package io.grid.starter;

import javax.sql.DataSource;

/**
 * The gateway's own database. Held in this wrapper rather than as a second {@link DataSource} bean so that
 * it never competes with the application's (or the platform's) DataSource.
 *
 * @param dataSource the gateway's connections
 */
public record GatewayDatabase(DataSource dataSource) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
