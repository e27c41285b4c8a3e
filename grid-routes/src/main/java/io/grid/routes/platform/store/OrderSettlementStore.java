package io.grid.routes.platform.store;

import io.grid.routes.outbox.OutboxState;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Which orders already have their completion queued ({@code Market.completeOrders} batches: every order of a batch
 * is claimed under the batch's one outbox entry). The primary key on the order id is what keeps the lifecycle job
 * from queueing an order twice, across platform instances too.
 */
public class OrderSettlementStore {

    private final Clock clock;

    public OrderSettlementStore(Clock clock) {
        this.clock = clock;
    }

    /**
     * A claim as read back with its outbox entry.
     *
     * @param outboxId the outbox entry that carries the order's completion
     * @param mined    true once that entry is MINED, whatever its receipt said
     */
    public record Claim(long outboxId, boolean mined) {
    }

    private record ClaimRow(BigInteger orderId, Claim claim) {
    }

    /** How many ids one {@link #claimsOf} query names; Derby takes long IN lists, this keeps statements small. */
    private static final int QUERY_CHUNK = 500;

    /**
     * Claims every order of {@code orderIds} for the one outbox entry {@code outboxId}, inside the caller's
     * transaction.
     *
     * @return true when all were claimed now; false as soon as one was claimed before (another instance raced
     *         this one): the caller must then roll its transaction back, outbox entry included
     */
    public boolean claimAll(Connection c, List<BigInteger> orderIds, long outboxId) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO order_settlement (order_id, outbox_id, queued_at) VALUES (?, ?, ?)")) {
            for (BigInteger orderId : orderIds) {
                insert.setString(1, orderId.toString());
                insert.setLong(2, outboxId);
                insert.setTimestamp(3, now);
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (Transactions.isUniqueViolation(e)) {
                        return false;
                    }
                    throw e;
                }
            }
        }
        return true;
    }

    /** The claims of those of {@code orderIds} that were claimed, with whether their outbox entry is mined. */
    public Map<BigInteger, Claim> claimsOf(DataSource dataSource, List<BigInteger> orderIds) {
        Map<BigInteger, Claim> claims = new HashMap<>();
        for (int from = 0; from < orderIds.size(); from += QUERY_CHUNK) {
            List<BigInteger> chunk = orderIds.subList(from, Math.min(orderIds.size(), from + QUERY_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            Object[] ids = chunk.stream().map(BigInteger::toString).toArray();
            for (ClaimRow row : Transactions.query(dataSource, "SELECT s.order_id, s.outbox_id, o.state "
                    + "FROM order_settlement s LEFT JOIN chain_outbox o ON o.id = s.outbox_id "
                    + "WHERE s.order_id IN (" + marks + ")", rows -> new ClaimRow(new BigInteger(rows.getString(1)),
                    new Claim(rows.getLong(2), OutboxState.MINED.name().equals(rows.getString(3)))), ids)) {
                claims.put(row.orderId(), row.claim());
            }
        }
        return claims;
    }

    /**
     * Gives up a claim whose transaction was mined without settling the order, so that it can be queued again; only the claim naming
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
