package io.grid.routes.cluster;

import io.grid.core.log.LogEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of {@link DatabaseLockClusterService}: a PostgreSQL session-level advisory lock (key: a fixed
 * class id and the CRC-32 of the namespace) held on a dedicated connection while this member leads.
 */
public class DatabaseLockClusterView extends AbstractCamelClusterView implements SendingFence {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLockClusterView.class);
    /** The advisory lock's first key: "grid" in ASCII, so GRID's locks never meet a host's single-key locks. */
    private static final int CLASS_ID = 0x67726964;

    private final DataSource dataSource;
    private final String memberId;
    private final Duration retryInterval;
    private final int objectId;
    private final CamelClusterMember local = new Member();

    private ScheduledExecutorService ticker;
    private Connection lockConnection;
    private volatile boolean leader;
    private volatile int leaderPid;

    DatabaseLockClusterView(DatabaseLockClusterService service, String namespace, DataSource dataSource,
                            String memberId, Duration retryInterval) {
        super(service, namespace);
        this.dataSource = dataSource;
        this.memberId = memberId;
        this.retryInterval = retryInterval;
        CRC32 crc = new CRC32();
        crc.update(namespace.getBytes(StandardCharsets.UTF_8));
        this.objectId = (int) crc.getValue();
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    @Override
    public boolean leading() {
        return leader;
    }

    @Override
    public boolean holds(Connection signing) throws SQLException {
        if (!leader) {
            return false;
        }
        try (PreparedStatement select = signing.prepareStatement("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                + "AND pid = ? AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2 AND granted")) {
            select.setInt(1, leaderPid);
            select.setLong(2, Integer.toUnsignedLong(CLASS_ID));
            select.setLong(3, Integer.toUnsignedLong(objectId));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    protected void doStart() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "grid-cluster-lock-" + getNamespace());
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
        }
        // Closing the session releases the lock at once, for the next member.
        lose("stopped");
    }

    private void tick() {
        try {
            if (leader) {
                if (!stillHeld()) {
                    lose("lock connection or lock gone");
                }
            } else {
                tryTake();
            }
        } catch (RuntimeException e) {
            LogEvent.error(LOG, "cluster_lock_check_failed").with("namespace", getNamespace()).cause(e).log();
        }
    }

    private void tryTake() {
        try {
            if (lockConnection == null || !lockConnection.isValid(1)) {
                closeQuietly();
                lockConnection = dataSource.getConnection();
                lockConnection.setAutoCommit(true);
            }
            try (PreparedStatement take = lockConnection.prepareStatement(
                    "SELECT pg_try_advisory_lock(?, ?), pg_backend_pid()")) {
                take.setInt(1, CLASS_ID);
                take.setInt(2, objectId);
                try (ResultSet rows = take.executeQuery()) {
                    rows.next();
                    if (rows.getBoolean(1)) {
                        leaderPid = rows.getInt(2);
                        leader = true;
                        LogEvent.info(LOG, "leadership_gained").with("namespace", getNamespace())
                                .with("member", memberId).with("kind", "database").log();
                        fireLeadershipChangedEvent(local);
                    }
                }
            }
        } catch (SQLException e) {
            closeQuietly();
            LogEvent.warn(LOG, "cluster_lock_unavailable").with("namespace", getNamespace())
                    .with("member", memberId).with("error", e.getMessage()).log();
        }
    }

    private boolean stillHeld() {
        try {
            return lockConnection != null && lockConnection.isValid(1) && holds(lockConnection);
        } catch (SQLException e) {
            return false;
        }
    }

    private void lose(String why) {
        boolean was = leader;
        leader = false;
        closeQuietly();
        if (was) {
            LogEvent.warn(LOG, "leadership_lost").with("namespace", getNamespace()).with("member", memberId)
                    .with("kind", "database").with("reason", why).log();
            fireLeadershipChangedEvent(Optional.empty());
        }
    }

    private void closeQuietly() {
        if (lockConnection != null) {
            try {
                lockConnection.close();
            } catch (SQLException ignored) {
                // the session is gone either way
            }
            lockConnection = null;
        }
    }

    /** Test hook: the backend pid of the session that holds the lock while this member leads, else 0. */
    public int lockSessionPid() {
        return leader ? leaderPid : 0;
    }

    private final class Member implements CamelClusterMember {
        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return true;
        }

        @Override
        public String getId() {
            return memberId;
        }
    }
}
