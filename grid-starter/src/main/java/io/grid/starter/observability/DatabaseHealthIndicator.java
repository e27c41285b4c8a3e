package io.grid.starter.observability;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Whether GRID's databases give valid connections: the platform's DataSource and the gateway's own database,
 * each reported by name. DOWN when any of them cannot be reached.
 */
public class DatabaseHealthIndicator extends AbstractHealthIndicator {

    private final Map<String, DataSource> databases;
    private final int timeoutSeconds;

    /**
     * @param databases the databases to check, by name (for example {@code platform}, {@code gateway})
     * @param timeout   how long a connection's validity check may take (whole seconds, at least one)
     */
    public DatabaseHealthIndicator(Map<String, DataSource> databases, Duration timeout) {
        super("the GRID database health check failed");
        this.databases = new LinkedHashMap<>(databases);
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean up = true;
        for (Map.Entry<String, DataSource> database : databases.entrySet()) {
            Map<String, Object> details = new LinkedHashMap<>();
            try (Connection connection = database.getValue().getConnection()) {
                details.put("database", connection.getMetaData().getDatabaseProductName());
                if (connection.isValid(timeoutSeconds)) {
                    details.put("status", "UP");
                } else {
                    details.put("status", "DOWN");
                    details.put("error", "the connection is not valid");
                    up = false;
                }
            } catch (SQLException e) {
                details.put("status", "DOWN");
                details.put("error", "the database cannot be reached: " + e.getMessage());
                up = false;
            }
            builder.withDetail(database.getKey(), details);
        }
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
