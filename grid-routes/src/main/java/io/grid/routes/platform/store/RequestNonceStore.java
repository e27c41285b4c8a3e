package io.grid.routes.platform.store;

import io.grid.api.Address;
import io.grid.routes.store.Transactions;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Request nonces, each usable once per address. Use is an insert under a unique key, so of two parallel uses
 * of one nonce exactly one succeeds, across platform instances too.
 */
public class RequestNonceStore {

    private static final int MAX_NONCE_LENGTH = 128;

    private final DataSource dataSource;
    private final Clock clock;

    public RequestNonceStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Uses {@code nonce} for {@code address}.
     *
     * @return true the first time, false for every later use
     * @throws IllegalArgumentException for a blank or over-long nonce
     */
    public boolean use(Address address, String nonce) {
        if (address == null) {
            throw new IllegalArgumentException("address is missing");
        }
        if (nonce == null || nonce.isBlank() || nonce.length() > MAX_NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be 1 to " + MAX_NONCE_LENGTH + " characters");
        }
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO request_nonce (address, nonce, used_at) VALUES (?, ?, ?)")) {
                insert.setString(1, address.value());
                insert.setString(2, nonce);
                insert.setTimestamp(3, Timestamp.from(clock.instant()));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Transactions.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
    }
}
