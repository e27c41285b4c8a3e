package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Address;
import io.grid.api.Transfer;
import io.grid.api.TransferState;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferStoreTest {

    private static final String TX = "0x" + "ab".repeat(32);
    private static final String BLOCK_A = "0x" + "0a".repeat(32);
    private static final String BLOCK_B = "0x" + "0b".repeat(32);
    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address MARKET = Address.of("0x2222222222222222222222222222222222222222");

    @TempDir
    Path directory;

    private DataSource dataSource;
    private TransferStore transfers;

    @BeforeEach
    void openDatabase() {
        dataSource = TestDatabase.migrated(directory);
        transfers = new TransferStore(dataSource, Clock.systemUTC());
    }

    @Test
    void databaseRefusesASecondRowWithTheSameTransferKey() throws SQLException {
        transfers.observe(seen(BLOCK_A, 10), 1);

        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO token_transfer (tx_hash, log_index, "
                     + "from_address, to_address, amount, block_number, block_hash, confirmations, state, updated_at) "
                     + "VALUES (?, 3, ?, ?, '5', 10, ?, 1, 'PENDING', CURRENT_TIMESTAMP)")) {
            insert.setString(1, TX);
            insert.setString(2, USER.value());
            insert.setString(3, MARKET.value());
            insert.setString(4, BLOCK_A);

            assertThatThrownBy(insert::executeUpdate)
                    .isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(Transactions.isUniqueViolation(e)).isTrue());
        }
    }

    @Test
    void databaseRefusesASecondCreditForTheSameTransfer() {
        boolean first = Transactions.inTransaction(dataSource,
                c -> transfers.recordCredit(c, TX, 3, USER, BigInteger.TEN));
        boolean second = Transactions.inTransaction(dataSource,
                c -> transfers.recordCredit(c, TX, 3, USER, BigInteger.TEN));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(transfers.creditCount(TX, 3)).isEqualTo(1);
    }

    @Test
    void twoThreadsRacingToCreditOneTransferGiveOneCredit() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Boolean> credit = () -> {
            start.await(10, TimeUnit.SECONDS);
            return Transactions.inTransaction(dataSource,
                    c -> transfers.recordCredit(c, TX, 3, USER, BigInteger.TEN));
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = threads.invokeAll(List.of(credit, credit), 30, TimeUnit.SECONDS);

            assertThat(results.stream().map(TransferStoreTest::value)).containsExactlyInAnyOrder(true, false);
            assertThat(transfers.creditCount(TX, 3)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void observingTheSameTransferTwiceKeepsOneRow() {
        boolean first = transfers.observe(seen(BLOCK_A, 10), 1);
        boolean second = transfers.observe(seen(BLOCK_A, 10), 2);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(transfers.findByTxHash(TX)).singleElement()
                .satisfies(t -> {
                    assertThat(t.state()).isEqualTo(TransferState.PENDING);
                    assertThat(t.confirmations()).isEqualTo(2);
                });
    }

    @Test
    void confirmingRefusesATransferWhoseBlockChanged() {
        transfers.observe(seen(BLOCK_A, 10), 1);

        boolean confirmed = Transactions.inTransaction(dataSource, c -> transfers.confirm(c, seen(BLOCK_B, 10), 5));

        assertThat(confirmed).isFalse();
        assertThat(transfers.find(TX, 3)).get().extracting(t -> t.state()).isEqualTo(TransferState.PENDING);
    }

    @Test
    void transferDroppedByAReorgIsPendingAgainWhenSeenInANewBlock() {
        transfers.observe(seen(BLOCK_A, 10), 1);
        transfers.reject(TX, 3, TransferRejection.REORGED);

        transfers.observe(seen(BLOCK_B, 11), 1);

        assertThat(transfers.pendingBlocks()).singleElement().extracting(PendingTransfer::blockHash).isEqualTo(BLOCK_B);
        assertThat(transfers.rejectionOf(TX, 3)).isEmpty();
    }

    @Test
    void confirmedTransferIsNotMovedBySeeingItAgain() {
        transfers.observe(seen(BLOCK_A, 10), 1);
        Transactions.inTransaction(dataSource, c -> transfers.confirm(c, seen(BLOCK_A, 10), 5));

        transfers.observe(seen(BLOCK_B, 11), 1);

        assertThat(transfers.find(TX, 3)).get().extracting(t -> t.state()).isEqualTo(TransferState.CONFIRMED);
        assertThat(transfers.pendingBlocks()).isEmpty();
    }

    @Test
    void reportedRejectionKeepsItsFirstReason() {
        transfers.recordRejection(TX, TransferRejection.FAILED_TRANSACTION);
        transfers.recordRejection(TX, TransferRejection.NO_TRANSFER_TO_MARKET);

        assertThat(transfers.rejectionOf(TX)).contains(TransferRejection.FAILED_TRANSACTION);
    }

    @Test
    void updatingConfirmationsSetsTheCountOfPendingTransfersAndLeavesConfirmedAndRejectedRowsAlone() {
        transfers.observe(seenAt(1, 10), 1);
        transfers.observe(seenAt(2, 12), 1);
        transfers.observe(seenAt(3, 11), 1);
        transfers.observe(seenAt(4, 11), 1);
        Transactions.inTransaction(dataSource, c -> transfers.confirm(c, seenAt(3, 11), 5));
        transfers.reject(hash(4), 0, TransferRejection.REORGED);

        int changed = transfers.updateConfirmations(20);

        assertThat(changed).isEqualTo(2);
        assertThat(transfers.find(hash(1), 0)).get().extracting(Transfer::confirmations).isEqualTo(11L);
        assertThat(transfers.find(hash(2), 0)).get().extracting(Transfer::confirmations).isEqualTo(9L);
        assertThat(transfers.find(hash(3), 0)).get().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TransferState.CONFIRMED);
            assertThat(t.confirmations()).isEqualTo(5L);
        });
        assertThat(transfers.find(hash(4), 0)).get().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TransferState.REJECTED);
            assertThat(t.confirmations()).isEqualTo(1L);
        });
    }

    @Test
    void updatingConfirmationsAtTheSameHeadAgainWritesNothing() {
        transfers.observe(seenAt(1, 10), 1);
        transfers.observe(seenAt(2, 12), 1);
        transfers.updateConfirmations(20);

        int changed = transfers.updateConfirmations(20);

        assertThat(changed).isZero();
        assertThat(transfers.find(hash(2), 0)).get().extracting(Transfer::confirmations).isEqualTo(9L);
    }

    @Test
    void updatingConfirmationsLeavesATransferAboveTheHeadAlone() {
        transfers.observe(seenAt(1, 30), 1);

        int changed = transfers.updateConfirmations(20);

        assertThat(changed).isZero();
        assertThat(transfers.find(hash(1), 0)).get().extracting(Transfer::confirmations).isEqualTo(1L);
    }

    @Test
    void observingManyTransfersRecordsTheNewOnesAcrossTransactionsAndTreatsKnownOnesAsObservingEach() {
        int count = TransferStore.OBSERVE_CHUNK + 5;
        transfers.observe(seenAt(0, 5), 1);
        Transactions.inTransaction(dataSource, c -> transfers.confirm(c, seenAt(0, 5), 5));
        transfers.observe(seenAt(1, 5), 1);
        transfers.reject(hash(1), 0, TransferRejection.REORGED);
        List<ObservedTransfer> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seen.add(seenAt(i, 10 + i % 7));
        }

        int added = transfers.observeAll(seen, 20);

        assertThat(added).isEqualTo(count - 2);
        assertThat(transfers.pendingBlocks()).hasSize(count - 1)
                .contains(new PendingTransfer(hash(1), 0, 11, blockHash(11)),
                        new PendingTransfer(hash(count - 1), 0, 10 + (count - 1) % 7, blockHash(10 + (count - 1) % 7)));
        assertThat(transfers.find(hash(0), 0)).get().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TransferState.CONFIRMED);
            assertThat(t.confirmations()).isEqualTo(5L);
        });
        assertThat(transfers.rejectionOf(hash(1), 0)).isEmpty();
        assertThat(transfers.find(hash(2), 0)).get().extracting(Transfer::confirmations).isEqualTo(9L);
    }

    @Test
    void pendingBlocksNameWhereEachPendingTransferSitsAndNothingElse() {
        transfers.observe(seenAt(1, 10), 1);
        transfers.observe(seenAt(2, 12), 1);
        transfers.reject(hash(2), 0, TransferRejection.REORGED);

        List<PendingTransfer> pending = transfers.pendingBlocks();

        assertThat(pending).containsExactly(new PendingTransfer(hash(1), 0, 10, blockHash(10)));
    }

    private static ObservedTransfer seen(String blockHash, long blockNumber) {
        return new ObservedTransfer(TX, 3, USER, MARKET, BigInteger.valueOf(5), blockNumber, blockHash);
    }

    /** Transfer number {@code n} (its own transaction, log 0) in block {@code blockNumber}. */
    private static ObservedTransfer seenAt(int n, long blockNumber) {
        return new ObservedTransfer(hash(n), 0, USER, MARKET, BigInteger.valueOf(n + 1), blockNumber,
                blockHash(blockNumber));
    }

    private static String hash(int n) {
        return String.format("0x%064x", n + 1);
    }

    private static String blockHash(long blockNumber) {
        return String.format("0x%064x", 1_000_000 + blockNumber);
    }

    private static boolean value(Future<Boolean> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError("credit thread failed", e);
        }
    }
}
