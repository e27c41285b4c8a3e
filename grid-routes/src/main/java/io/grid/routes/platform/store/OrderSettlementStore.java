package io.grid.routes.platform.store;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * Which orders already have their {@code completeOrder} call queued. The primary key on the order id is what
 * keeps the lifecycle job from settling an order twice, across platform instances too.
 */
public class OrderSettlementStore {

    private final Clock clock;

    public OrderSettlementStore(Clock clock) {
        this.clock = clock;
    }

    /**
     * Claims the settlement of {@code orderId} inside the caller's transaction.
     *
     * @return true when this caller may queue it, false when it was claimed before
     */
    public boolean claim(Connection c, BigInteger orderId, long outboxId) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO order_settlement (order_id, outbox_id, queued_at) VALUES (?, ?, ?)")) {
            insert.setString(1, orderId.toString());
            insert.setLong(2, outboxId);
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                c.rollback(before);
                return false;
            }
            throw e;
        }
    }

    /** The outbox entry of the settlement queued for {@code orderId}, if one was. */
    public OptionalLong outboxOf(Connection c, BigInteger orderId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT outbox_id FROM order_settlement WHERE order_id = ?")) {
            select.setString(1, orderId.toString());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Gives up a claim whose transaction reverted, so that the order can be settled again; only the claim naming
     * {@code outboxId} is removed, so two instances cannot both retry.
     *
     * @return true when this caller removed it
     */
    public boolean release(Connection c, BigInteger orderId, long outboxId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM order_settlement WHERE order_id = ? AND outbox_id = ?")) {
            delete.setString(1, orderId.toString());
            delete.setLong(2, outboxId);
            return delete.executeUpdate() == 1;
        }
    }
}
