package io.grid.routes.platform.store;

import io.grid.api.Address;
import io.grid.routes.platform.service.GatewayStatus;
import io.grid.routes.platform.service.GatewayStatus.Uptime;
import io.grid.routes.store.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The results of the gateway health probes: one row per probe, and each gateway's last probe. */
public class GatewayProbeStore {

    private static final int MAX_FAILURE = 256;

    private final DataSource dataSource;

    public GatewayProbeStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records one probe of {@code provider}'s gateway at {@code at}; {@code failure} says why it was offline. */
    public void record(Address provider, boolean online, Instant at, String failure) {
        Timestamp when = Timestamp.from(at);
        String why = online || failure == null ? null
                : failure.length() > MAX_FAILURE ? failure.substring(0, MAX_FAILURE) : failure;
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement probe = c.prepareStatement(
                    "INSERT INTO gateway_probe (provider, probed_at, online) VALUES (?, ?, ?)")) {
                probe.setString(1, provider.value());
                probe.setTimestamp(2, when);
                probe.setBoolean(3, online);
                probe.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement(online
                    ? "UPDATE gateway_status SET online = ?, last_probed_at = ?, failure = ?, last_seen_at = ? "
                            + "WHERE provider = ?"
                    : "UPDATE gateway_status SET online = ?, last_probed_at = ?, failure = ? WHERE provider = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO gateway_status (provider, online, "
                         + "last_probed_at, last_seen_at, failure) VALUES (?, ?, ?, ?, ?)")) {
                int i = 1;
                update.setBoolean(i++, online);
                update.setTimestamp(i++, when);
                update.setString(i++, why);
                if (online) {
                    update.setTimestamp(i++, when);
                }
                update.setString(i, provider.value());
                insert.setString(1, provider.value());
                insert.setBoolean(2, online);
                insert.setTimestamp(3, when);
                insert.setTimestamp(4, online ? when : null);
                insert.setString(5, why);
                Transactions.replace(c, update, insert);
            }
            return null;
        });
    }

    /** Every probed gateway's status as of {@code now}, with its uptime over the last 1, 7 and 30 days. */
    public Map<Address, GatewayStatus> statuses(Instant now) {
        Timestamp day = Timestamp.from(now.minus(Duration.ofDays(1)));
        Timestamp week = Timestamp.from(now.minus(Duration.ofDays(7)));
        Timestamp month = Timestamp.from(now.minus(Duration.ofDays(30)));
        Map<Address, Uptime> uptimes = new HashMap<>();
        Transactions.query(dataSource, "SELECT provider, "
                        + "SUM(CASE WHEN probed_at >= ? THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN probed_at >= ? AND online = TRUE THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN probed_at >= ? THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN probed_at >= ? AND online = TRUE THEN 1 ELSE 0 END), "
                        + "COUNT(*), SUM(CASE WHEN online = TRUE THEN 1 ELSE 0 END) "
                        + "FROM gateway_probe WHERE probed_at >= ? GROUP BY provider",
                (ResultSet row) -> uptimes.put(Address.of(row.getString(1)), new Uptime(
                        Uptime.basisPoints(row.getLong(3), row.getLong(2)),
                        Uptime.basisPoints(row.getLong(5), row.getLong(4)),
                        Uptime.basisPoints(row.getLong(7), row.getLong(6)))),
                day, day, week, week, month);
        Map<Address, GatewayStatus> statuses = new HashMap<>();
        Transactions.query(dataSource,
                "SELECT provider, online, last_seen_at FROM gateway_status", row -> {
                    Address provider = Address.of(row.getString(1));
                    Timestamp seen = row.getTimestamp(3);
                    GatewayStatus status = new GatewayStatus(row.getBoolean(2),
                            seen == null ? null : seen.toInstant(), uptimes.getOrDefault(provider, Uptime.NONE));
                    statuses.put(provider, status);
                    return status;
                });
        return statuses;
    }

    /** Deletes the probe rows older than {@code before}; returns how many. */
    public int prune(Instant before) {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM gateway_probe WHERE probed_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(before));
                return delete.executeUpdate();
            }
        });
    }
}
