package io.grid.routes.gateway.store;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.routes.store.Transactions;

import java.math.BigInteger;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The gateway's {@code gateway_order} table, with an in-memory copy of every row. The copy is what
 * the reverse proxy decides from on its I/O threads (it must never wait for the database); it is
 * refreshed from the database after every write, so it never shows what was not committed.
 */
public class LocalOrders {

    private static final String COLUMNS = "order_id, user_address, cpu_millicores, memory_mib, storage_gib, gpu_count, "
            + "gpu_model, duration_seconds, cost, state, created_at, started_at, accept_outbox_id, app_source, "
            + "namespace_name, entrance, settle_outbox_id, torn_down_at";

    private final DataSource dataSource;
    private final Map<BigInteger, LocalOrder> byId = new ConcurrentHashMap<>();

    /** Reads every stored order into memory. */
    public LocalOrders(DataSource dataSource) {
        this.dataSource = dataSource;
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM gateway_order");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    LocalOrder order = read(rows);
                    byId.put(order.orderId(), order);
                }
            }
            return null;
        });
    }

    /** The data source, for callers that join an outbox row into the same transaction. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The stored order, from memory. */
    public Optional<LocalOrder> find(BigInteger orderId) {
        return Optional.ofNullable(byId.get(orderId));
    }

    /** Every order not torn down yet, from memory. */
    public List<LocalOrder> notTornDown() {
        return byId.values().stream().filter(o -> o.tornDownAt() == null).toList();
    }

    /** Every order still to be ended or settled: not torn down, or not final as last seen on chain. */
    public List<LocalOrder> needingCare() {
        return byId.values().stream().filter(o -> o.tornDownAt() == null || !o.state().isFinal()).toList();
    }

    /** What the orders other than {@code except} hold of the cluster, from memory. */
    public Collection<Resources> heldByOthers(BigInteger except) {
        return byId.values().stream()
                .filter(o -> o.holdsCapacity() && !o.orderId().equals(except))
                .map(LocalOrder::resources)
                .toList();
    }

    /**
     * Stores {@code order} as being accepted, inside the caller's transaction, unless it is stored
     * already. Call {@link #refresh} after the commit.
     *
     * @param acceptOutboxId the outbox row of its acceptOrder call, or null when it was accepted already
     *
     * @return true when the row was inserted now, false when it existed (also when a concurrent greet inserted it
     *         between our look and our insert: its unique violation is rolled back to a savepoint, so the caller's
     *         transaction stays usable)
     */
    public boolean insertAccepting(Connection c, Order order, Long acceptOutboxId) throws SQLException {
        if (exists(c, order.id())) {
            return false;
        }
        Savepoint before = c.setSavepoint();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO gateway_order (order_id, user_address, "
                + "cpu_millicores, memory_mib, storage_gib, gpu_count, gpu_model, duration_seconds, cost, state, "
                + "created_at, started_at, accept_outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Resources r = order.resources();
            insert.setString(1, order.id().toString());
            insert.setString(2, order.user().value());
            insert.setLong(3, r.cpuMillicores());
            insert.setLong(4, r.memoryMib());
            insert.setLong(5, r.storageGib());
            insert.setLong(6, r.gpuCount());
            insert.setString(7, r.gpuModel());
            insert.setLong(8, order.durationSeconds());
            insert.setString(9, order.cost().toString());
            insert.setString(10, order.state().name());
            insert.setTimestamp(11, Timestamp.from(order.createdAt()));
            setInstant(insert, 12, order.startedAt());
            if (acceptOutboxId == null) {
                insert.setNull(13, Types.BIGINT);
            } else {
                insert.setLong(13, acceptOutboxId);
            }
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (!Transactions.isUniqueViolation(e)) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
    }

    /** Records the order's state and start as read from chain. */
    public LocalOrder recordChainState(BigInteger orderId, OrderState state, Instant startedAt) {
        return update(orderId, "UPDATE gateway_order SET state = ?, started_at = ? WHERE order_id = ?", s -> {
            s.setString(1, state.name());
            setInstant(s, 2, startedAt);
            s.setString(3, orderId.toString());
        });
    }

    /** Records the app deployed for the order and its entrance (null when it has no Service). */
    public LocalOrder recordApp(BigInteger orderId, String appSource, String namespace, URI entrance) {
        return update(orderId, "UPDATE gateway_order SET app_source = ?, namespace_name = ?, entrance = ? "
                + "WHERE order_id = ?", s -> {
            s.setString(1, appSource);
            s.setString(2, namespace);
            s.setString(3, entrance == null ? null : entrance.toString());
            s.setString(4, orderId.toString());
        });
    }

    /** Forgets the order's app and entrance (it was undeployed). */
    public LocalOrder clearApp(BigInteger orderId) {
        return recordApp(orderId, null, null, null);
    }

    /** Records, inside the caller's transaction, the outbox row of the order's completeOrder transaction. */
    public void recordSettlement(Connection c, BigInteger orderId, long settleOutboxId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE gateway_order SET settle_outbox_id = ? WHERE order_id = ?")) {
            s.setLong(1, settleOutboxId);
            s.setString(2, orderId.toString());
            s.executeUpdate();
        }
    }

    /** Records that the order's namespace was torn down at {@code at}; its entrance is gone. */
    public LocalOrder recordTeardown(BigInteger orderId, Instant at) {
        return update(orderId, "UPDATE gateway_order SET torn_down_at = ?, entrance = NULL WHERE order_id = ?", s -> {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, orderId.toString());
        });
    }

    /** Re-reads one order from the database into memory, after a write the caller committed. */
    public Optional<LocalOrder> refresh(BigInteger orderId) {
        Optional<LocalOrder> stored = Transactions.inTransaction(dataSource, c -> select(c, orderId));
        stored.ifPresentOrElse(o -> byId.put(orderId, o), () -> byId.remove(orderId));
        return stored;
    }

    private LocalOrder update(BigInteger orderId, String sql, Binder binder) {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binder.bind(s);
                if (s.executeUpdate() != 1) {
                    throw new IllegalStateException("order " + orderId + " is not stored at this gateway");
                }
            }
            return null;
        });
        return refresh(orderId).orElseThrow();
    }

    private static boolean exists(Connection c, BigInteger orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM gateway_order WHERE order_id = ?")) {
            s.setString(1, orderId.toString());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The stored order as the caller's transaction sees it. */
    public Optional<LocalOrder> select(Connection c, BigInteger orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM gateway_order WHERE order_id = ?")) {
            s.setString(1, orderId.toString());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static LocalOrder read(ResultSet row) throws SQLException {
        String entrance = row.getString("entrance");
        return new LocalOrder(
                new BigInteger(row.getString("order_id")),
                Address.of(row.getString("user_address")),
                new Resources(row.getLong("cpu_millicores"), row.getLong("memory_mib"), row.getLong("storage_gib"),
                        row.getLong("gpu_count"), row.getString("gpu_model")),
                row.getLong("duration_seconds"),
                new BigInteger(row.getString("cost")),
                OrderState.valueOf(row.getString("state")),
                row.getTimestamp("created_at").toInstant(),
                instant(row.getTimestamp("started_at")),
                longOrNull(row, "accept_outbox_id"),
                row.getString("app_source"),
                row.getString("namespace_name"),
                entrance == null ? null : URI.create(entrance),
                longOrNull(row, "settle_outbox_id"),
                instant(row.getTimestamp("torn_down_at")));
    }

    private static Long longOrNull(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value));
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Every stored order, from memory (for status pages and tests). */
    public List<LocalOrder> all() {
        return new ArrayList<>(byId.values());
    }
}
