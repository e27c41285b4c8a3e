package io.grid.routes.platform.store;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Cache of orders as the market contract holds them; the contract stays the source of truth. */
public class OrderStore {

    private static final String COLUMNS = "id, user_address, provider_address, cpu_millicores, memory_mib, "
            + "storage_gib, gpu_count, gpu_model, duration_seconds, cost, state, created_at, started_at, ended_at, "
            + "settled";

    private final DataSource dataSource;

    public OrderStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the order as read from the chain, replacing what was cached for its id. */
    public void save(Order order) {
        saveAll(List.of(order));
    }

    /**
     * Stores many orders as read from the chain in one database transaction, replacing what was cached for their
     * ids: the lifecycle job records thousands of orders ended by one settlement batch this way.
     */
    public void saveAll(List<Order> orders) {
        if (orders.isEmpty()) {
            return;
        }
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE grid_order SET user_address = ?, "
                    + "provider_address = ?, cpu_millicores = ?, memory_mib = ?, storage_gib = ?, gpu_count = ?, "
                    + "gpu_model = ?, duration_seconds = ?, cost = ?, state = ?, created_at = ?, started_at = ?, "
                    + "ended_at = ?, settled = ? WHERE id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO grid_order (" + COLUMNS
                         + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Order order : orders) {
                    bindValues(update, 1, order);
                    update.setString(15, order.id().toString());
                    insert.setString(1, order.id().toString());
                    bindValues(insert, 2, order);
                    Transactions.replace(c, update, insert);
                }
            }
            return null;
        });
    }

    /** Binds every column but the id, in {@link #COLUMNS} order, from parameter {@code first} on. */
    private static void bindValues(PreparedStatement statement, int first, Order order) throws SQLException {
        Resources r = order.resources();
        int i = first;
        statement.setString(i++, order.user().value());
        statement.setString(i++, order.provider().value());
        statement.setLong(i++, r.cpuMillicores());
        statement.setLong(i++, r.memoryMib());
        statement.setLong(i++, r.storageGib());
        statement.setLong(i++, r.gpuCount());
        statement.setString(i++, r.gpuModel());
        statement.setLong(i++, order.durationSeconds());
        statement.setString(i++, order.cost().toString());
        statement.setString(i++, order.state().name());
        statement.setTimestamp(i++, Timestamp.from(order.createdAt()));
        statement.setTimestamp(i++, order.startedAt() == null ? null : Timestamp.from(order.startedAt()));
        statement.setTimestamp(i++, order.endedAt() == null ? null : Timestamp.from(order.endedAt()));
        statement.setBoolean(i, order.settled());
    }

    /** The cached order with this id. */
    public Optional<Order> find(BigInteger id) {
        return select("SELECT " + COLUMNS + " FROM grid_order WHERE id = ?", id.toString()).stream().findFirst();
    }

    /** The cached orders of one user. */
    public List<Order> byUser(Address user) {
        return select("SELECT " + COLUMNS + " FROM grid_order WHERE user_address = ? ORDER BY created_at",
                user.value());
    }

    /** The cached orders of one provider that have not reached a final state. */
    public List<Order> openByProvider(Address provider) {
        return select("SELECT " + COLUMNS + " FROM grid_order WHERE provider_address = ? AND state NOT IN ('"
                + OrderState.COMPLETED + "', '" + OrderState.CANCELLED + "') ORDER BY created_at", provider.value());
    }

    /** The cached orders of one provider, final ones included. */
    public List<Order> byProvider(Address provider) {
        return select("SELECT " + COLUMNS + " FROM grid_order WHERE provider_address = ? ORDER BY created_at",
                provider.value());
    }

    /** Every cached order that has not reached a final state, oldest first. */
    public List<Order> open() {
        return select("SELECT " + COLUMNS + " FROM grid_order WHERE state NOT IN ('" + OrderState.COMPLETED + "', '"
                + OrderState.CANCELLED + "') ORDER BY created_at");
    }

    /** The highest order id read from the chain so far (ids run from 1), or 0. */
    public long importedUpTo(String marketName) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT block_number FROM chain_cursor WHERE name = ?")) {
                select.setString(1, "orders:" + marketName);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    /** Records that orders up to {@code orderId} were read from the chain; never moves backwards. */
    public void importedUpTo(String marketName, long orderId) {
        Transactions.inTransaction(dataSource, c -> {
            String name = "orders:" + marketName;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE chain_cursor SET block_number = ? WHERE name = ? AND block_number < ?")) {
                update.setLong(1, orderId);
                update.setString(2, name);
                update.setLong(3, orderId);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO chain_cursor (name, block_number) VALUES (?, ?)")) {
                insert.setString(1, name);
                insert.setLong(2, orderId);
                insert.executeUpdate();
            } catch (SQLException e) {
                // The cursor exists already (at or beyond orderId), or another instance created it just now.
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
            }
            return null;
        });
    }

    private List<Order> select(String sql, Object... parameters) {
        return Transactions.query(dataSource, sql, OrderStore::read, parameters);
    }

    private static Order read(ResultSet rows) throws SQLException {
        Resources resources = new Resources(rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                rows.getString(8));
        return new Order(new BigInteger(rows.getString(1)), Address.of(rows.getString(2)),
                Address.of(rows.getString(3)), resources, rows.getLong(9), new BigInteger(rows.getString(10)),
                OrderState.valueOf(rows.getString(11)), rows.getTimestamp(12).toInstant(),
                instant(rows.getTimestamp(13)), instant(rows.getTimestamp(14)), rows.getBoolean(15));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
