package io.grid.routes.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Camel's cluster service on a PostgreSQL advisory lock: each namespace is one session-level lock, held by the
 * leader on a connection of its own. A member that cannot take the lock tries again every
 * {@code retryInterval}; the leader checks its lock connection as often, and gives leadership up as soon as the
 * connection or the lock is gone. When the leader's process or connection dies, PostgreSQL releases the lock
 * with the session, and the next member to try takes it: takeover within the server's detection of the dead
 * session plus one {@code retryInterval}.
 *
 * <p>The views double as {@link SendingFence}s ({@link #fence(String)}): the check runs in the caller's signing
 * transaction against {@code pg_locks}, so it proves the lock is held at that moment.
 */
public class DatabaseLockClusterService extends AbstractCamelClusterService<DatabaseLockClusterView> {

    private final DataSource dataSource;
    private final String memberId;
    private final Duration retryInterval;

    /**
     * @param dataSource    the platform's PostgreSQL database; the leader keeps one of its connections
     * @param memberId      this replica's name in logs and events
     * @param retryInterval pause between two attempts to take the lock, and between two checks of a held lock
     */
    public DatabaseLockClusterService(DataSource dataSource, String memberId, Duration retryInterval) {
        super("grid-database-lock");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.memberId = Objects.requireNonNull(memberId, "memberId");
        if (retryInterval == null || retryInterval.isZero() || retryInterval.isNegative()) {
            throw new IllegalArgumentException("retryInterval must be positive");
        }
        this.retryInterval = retryInterval;
        requirePostgres(dataSource);
    }

    /** The view of {@code namespace} as the outbox's fence. */
    public SendingFence fence(String namespace) throws Exception {
        return (DatabaseLockClusterView) getView(namespace);
    }

    /** This replica's member id. */
    public String memberId() {
        return memberId;
    }

    @Override
    protected DatabaseLockClusterView createView(String namespace) {
        return new DatabaseLockClusterView(this, namespace, dataSource, memberId, retryInterval);
    }

    private static void requirePostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            if (!product.toLowerCase(Locale.ROOT).contains("postgres")) {
                throw new IllegalStateException("the database lock cluster service needs PostgreSQL, not " + product
                        + "; run one replica (grid.platform.cluster.kind=none) on it");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the platform database: " + e.getMessage(), e);
        }
    }
}
