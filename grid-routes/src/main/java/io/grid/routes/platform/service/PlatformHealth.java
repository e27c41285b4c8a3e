package io.grid.routes.platform.service;

import io.grid.routes.chain.ChainHealth;
import io.grid.routes.outbox.TransactionOutbox;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Whether the platform can work: the chain node answers (its block number, read through camel-web3j by the health
 * route, and whether it advanced since the last check), the outbox reaches the node and gets its transactions mined,
 * and the database answers.
 */
public class PlatformHealth {

    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final TransactionOutbox outbox;
    private final Clock clock;
    private BigInteger lastBlock;
    private Instant lastAdvance;

    public PlatformHealth(DataSource dataSource, TransactionOutbox outbox, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** UP or DOWN. */
    public enum Status {
        /** Working. */
        UP,
        /** Not working; see the error. */
        DOWN
    }

    /**
     * The chain part of the report.
     *
     * @param status         UP when the node answered the block number
     * @param blockNumber    the latest block, null when the node did not answer
     * @param lastAdvancedAt when the block number was last seen to grow (or first seen), null if never
     * @param error          why it is DOWN, or null
     * @param outbox         what the transaction outbox knows of the node
     */
    public record ChainStatus(Status status, BigInteger blockNumber, Instant lastAdvancedAt, String error,
                              ChainHealth outbox) {
    }

    /**
     * The database part of the report.
     *
     * @param status UP when a connection is valid
     * @param error  why it is DOWN, or null
     */
    public record DatabaseStatus(Status status, String error) {
    }

    /**
     * The health report.
     *
     * @param status   UP when chain and database are UP
     * @param chain    the chain
     * @param database the database
     */
    public record Report(Status status, ChainStatus chain, DatabaseStatus database) {

        /** The HTTP status the report is answered with: 200 when UP, 503 otherwise. */
        public int httpStatus() {
            return status == Status.UP ? 200 : 503;
        }
    }

    /**
     * Builds the report from the block number the node answered ({@code null} when it failed) and a database check.
     *
     * @param blockNumber the answered block number, or null
     * @param chainError  why the node did not answer, or null
     */
    public synchronized Report report(BigInteger blockNumber, String chainError) {
        ChainStatus chain;
        if (blockNumber == null) {
            chain = new ChainStatus(Status.DOWN, null, lastAdvance,
                    chainError == null ? "the chain node did not answer eth_blockNumber" : chainError, outbox.health());
        } else {
            if (lastBlock == null || blockNumber.compareTo(lastBlock) > 0) {
                lastBlock = blockNumber;
                lastAdvance = clock.instant();
            }
            ChainHealth outboxHealth = outbox.health();
            // The node answers, but an outbox that cannot get its transactions mined is no working chain either.
            chain = outboxHealth.status() == ChainHealth.Status.UP
                    ? new ChainStatus(Status.UP, blockNumber, lastAdvance, null, outboxHealth)
                    : new ChainStatus(Status.DOWN, blockNumber, lastAdvance, outboxHealth.lastError(), outboxHealth);
        }
        DatabaseStatus database = database();
        Status overall = chain.status() == Status.UP && database.status() == Status.UP ? Status.UP : Status.DOWN;
        return new Report(overall, chain, database);
    }

    private DatabaseStatus database() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(DATABASE_TIMEOUT_SECONDS) ? new DatabaseStatus(Status.UP, null)
                    : new DatabaseStatus(Status.DOWN, "the database connection is not valid");
        } catch (SQLException e) {
            return new DatabaseStatus(Status.DOWN, "the database cannot be reached: " + e.getMessage());
        }
    }
}
