package io.grid.routes.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether this replica may sign the platform key's next transaction. The outbox asks {@link #leading()} before a
 * pass and {@link #holds(Connection)} inside the very database transaction that takes the nonce and stores the
 * signed bytes, immediately before signing: a replica that lost its lock or lease never signs.
 */
public interface SendingFence {

    /** The single-node fence: this process is the only sender. */
    SendingFence SINGLE_NODE = new SendingFence() {
        @Override
        public boolean leading() {
            return true;
        }

        @Override
        public boolean holds(Connection signing) {
            return true;
        }
    };

    /** This replica's last known view: true while it believes it holds the lock or lease. */
    boolean leading();

    /**
     * Checks, now, that this replica still holds the lock or lease.
     *
     * @param signing the connection of the transaction that claims the nonce; a database fence checks through it
     */
    boolean holds(Connection signing) throws SQLException;
}
