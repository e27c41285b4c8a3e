package io.grid.routes.platform.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The platform's Quartz scheduler on Quartz's clustered JDBC job store ({@code JobStoreTX},
 * {@code isClustered=true}) in the platform's own database: every replica's scheduler is a member of one cluster
 * (same scheduler name, own instance id), each firing of a trigger runs on exactly one of them, and the triggers
 * of a replica that stopped checking in are recovered by the others after {@code clusterCheckinInterval}.
 *
 * <p>The tables ({@code grid_qrtz_*}, from Quartz's documented DDL) are GRID's own migration under
 * {@value #LOCATION}/{postgresql,derby}, with their own Flyway history table, beside the host's Flyway. Derby
 * works for one node; PostgreSQL uses Quartz's PostgreSQL delegate.
 *
 * <p>Give it to camel-quartz as the {@code quartz} component's scheduler factory ({@link #applyTo}).
 */
public final class PlatformJobStore implements SchedulerFactory {

    /** Where the Quartz tables' migrations live, one folder per database. */
    public static final String LOCATION = "classpath:db/grid-platform-jobs";
    /** Flyway's history table of those migrations. */
    public static final String HISTORY_TABLE = "grid_platform_jobs_schema_history";
    /** The Quartz scheduler name every replica shares: the cluster's name in the tables. */
    public static final String SCHEDULER_NAME = "grid-platform";
    /** Prefix of the Quartz tables. */
    public static final String TABLE_PREFIX = "GRID_QRTZ_";

    private final DataSource dataSource;
    private final String instanceId;
    private final Duration checkinInterval;
    private final boolean postgres;
    private Scheduler scheduler;

    /**
     * Migrates the Quartz tables of {@code dataSource}.
     *
     * @param instanceId      this replica's Quartz instance id, unique in the cluster
     * @param checkinInterval how often each scheduler checks in; a replica silent for longer is recovered
     */
    public PlatformJobStore(DataSource dataSource, String instanceId, Duration checkinInterval) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        if (checkinInterval == null || checkinInterval.toMillis() < 1) {
            throw new IllegalArgumentException("checkinInterval must be positive");
        }
        this.checkinInterval = checkinInterval;
        this.postgres = isPostgres(dataSource);
        migrate();
    }

    /** Brings the Quartz tables up to date; returns the number of scripts applied now. */
    public int migrate() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION + "/" + (postgres ? "postgresql" : "derby"))
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /** Makes camel-quartz's {@code quartz} component use this job store (call before the routes start). */
    public void applyTo(org.apache.camel.component.quartz.QuartzComponent quartz) {
        quartz.setSchedulerFactory(this);
        quartz.setPrefixInstanceName(false);
    }

    /**
     * This replica's scheduler, made once. It is taken out of Quartz's JVM-wide scheduler repository at once, so
     * that two platforms in one JVM (tests) each own a member of the cluster instead of sharing one.
     */
    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler == null || scheduler.isShutdown()) {
            String provider = "grid-platform-" + instanceId;
            DBConnectionManager.getInstance().addConnectionProvider(provider, new Provider(dataSource));
            Properties properties = new Properties();
            properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
            properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
            properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
            properties.setProperty("org.quartz.threadPool.threadCount", "3");
            properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            properties.setProperty("org.quartz.jobStore.driverDelegateClass", postgres
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                    : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            properties.setProperty("org.quartz.jobStore.dataSource", provider);
            properties.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
            properties.setProperty("org.quartz.jobStore.isClustered", "true");
            properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                    Long.toString(checkinInterval.toMillis()));
            properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
            properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
            scheduler = new StdSchedulerFactory(properties).getScheduler();
            SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        }
        return scheduler;
    }

    @Override
    public Scheduler getScheduler(String name) throws SchedulerException {
        return SCHEDULER_NAME.equals(name) ? getScheduler() : null;
    }

    @Override
    public Collection<Scheduler> getAllSchedulers() throws SchedulerException {
        return List.of(getScheduler());
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the platform database: " + e.getMessage(), e);
        }
    }

    /** Quartz's connections come from the platform's pool. */
    private record Provider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool is the application's
        }

        @Override
        public void initialize() {
            // nothing to set up
        }
    }
}
