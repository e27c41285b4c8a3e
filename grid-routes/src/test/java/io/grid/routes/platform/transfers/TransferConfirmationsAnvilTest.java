package io.grid.routes.platform.transfers;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Transfer;
import io.grid.api.TransferState;
import io.grid.contracts.wrappers.GridToken;
import io.grid.routes.chain.AnvilNode;
import io.grid.routes.chain.CountingHttpService;
import io.grid.routes.chain.MarketChain;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.store.TransferRejection;
import io.grid.routes.platform.store.TransferStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;

class TransferConfirmationsAnvilTest {

    private static final int CONFIRMATIONS = 3;
    private static final BigInteger AMOUNT = BigInteger.valueOf(1_000_000);

    @TempDir
    Path directory;

    private AnvilNode anvil;
    private MarketChain chain;
    private DataSource dataSource;
    private TransferStore transfers;
    private CountingHttpService rpc;
    private TransactionOutbox outbox;

    @BeforeEach
    void deploy() throws Exception {
        anvil = AnvilNode.start();
        chain = MarketChain.deploy(anvil);
        dataSource = TestDatabase.migrated(directory);
        transfers = new TransferStore(dataSource, Clock.systemUTC());
        rpc = new CountingHttpService(anvil.url());
        outbox = new TransactionOutbox(new ChainOutbox(dataSource, Clock.systemUTC()), anvil.web3j(),
                AnvilNode.PLATFORM, AnvilNode.CHAIN_ID, new OutboxSettings(Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(2)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (outbox != null) {
            outbox.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void transferIsNotCreditedBelowNConfirmationsAndCreditedOnceAtN() throws Exception {
        TransferConfirmations confirmations = confirmations(CONFIRMATIONS);
        String tx = chain.transfer(chain.market.getContractAddress(), AMOUNT);

        TransferReport report = confirmations.report(tx);
        confirmations.poll();
        anvil.mine();
        PollResult atTwo = confirmations.poll();

        assertThat(report.transfers()).singleElement().satisfies(t -> {
            assertThat(t.from().value()).isEqualTo(AnvilNode.USER.getAddress());
            assertThat(t.amount()).isEqualTo(AMOUNT);
            assertThat(t.state()).isEqualTo(TransferState.PENDING);
        });
        assertThat(atTwo.confirmed()).isZero();
        assertThat(transfers.findByTxHash(tx)).singleElement().extracting(Transfer::confirmations).isEqualTo(2L);
        assertThat(transfers.creditCount(tx, logIndex(tx))).isZero();

        anvil.mine();
        PollResult atThree = confirmations.poll();
        awaitCredited(confirmations, tx);

        assertThat(atThree.confirmed()).isEqualTo(1);
        assertThat(chain.creditOf(AnvilNode.USER)).isEqualTo(AMOUNT);
        assertThat(transfers.findByTxHash(tx)).singleElement().extracting(Transfer::state)
                .isEqualTo(TransferState.CREDITED);
    }

    @Test
    void sameTransferReportedAndConfirmedTwiceByTwoInstancesGivesOneCredit() throws Exception {
        TransferConfirmations first = confirmations(CONFIRMATIONS);
        TransferConfirmations second = confirmations(CONFIRMATIONS);
        String tx = chain.transfer(chain.market.getContractAddress(), AMOUNT);
        first.report(tx);
        second.report(tx);
        anvil.mine();
        anvil.mine();

        PollResult byFirst = first.poll();
        PollResult bySecond = second.poll();
        first.report(tx);
        awaitCredited(first, tx);
        second.poll();

        assertThat(byFirst.confirmed() + bySecond.confirmed()).isEqualTo(1);
        assertThat(transfers.creditCount(tx, logIndex(tx))).isEqualTo(1);
        assertThat(new ChainOutbox(dataSource, Clock.systemUTC()).all(outbox.sender())).hasSize(1);
        assertThat(chain.creditOf(AnvilNode.USER)).isEqualTo(AMOUNT);
    }

    @Test
    void transferDroppedByAReorgBeforeNConfirmationsIsNeverCredited() throws Exception {
        TransferConfirmations confirmations = confirmations(CONFIRMATIONS);
        String beforeTransfer = anvil.snapshot();
        String tx = chain.transfer(chain.market.getContractAddress(), AMOUNT);
        confirmations.report(tx);
        anvil.mine();
        confirmations.poll();

        anvil.revert(beforeTransfer);
        for (int i = 0; i < CONFIRMATIONS + 2; i++) {
            anvil.mine();
        }
        PollResult afterReorg = confirmations.poll();
        outbox.pass();
        confirmations.poll();

        assertThat(afterReorg.dropped()).isEqualTo(1);
        assertThat(afterReorg.confirmed()).isZero();
        assertThat(transfers.findByTxHash(tx)).singleElement().extracting(Transfer::state)
                .isEqualTo(TransferState.REJECTED);
        assertThat(transfers.rejectionOf(tx, 0)).contains(TransferRejection.REORGED);
        assertThat(new ChainOutbox(dataSource, Clock.systemUTC()).all(outbox.sender())).isEmpty();
        assertThat(chain.creditOf(AnvilNode.USER)).isZero();
    }

    @Test
    void failedTransactionOtherTokenAndOtherRecipientAreRejectedAndNeverCredited() throws Exception {
        TransferConfirmations confirmations = confirmations(CONFIRMATIONS);
        GridToken other = MarketChain.deployOtherToken(anvil);
        other.mint(AnvilNode.USER.getAddress(), AMOUNT).send();
        long nonce = anvil.pendingNonce(AnvilNode.USER.getAddress());
        String reverted = MarketChain.sendTransfer(anvil, chain.token.getContractAddress(), AnvilNode.USER,
                chain.market.getContractAddress(), BigInteger.TEN.pow(40), nonce);
        String otherToken = MarketChain.sendTransfer(anvil, other.getContractAddress(), AnvilNode.USER,
                chain.market.getContractAddress(), AMOUNT, nonce + 1);
        String otherRecipient = chain.transfer(AnvilNode.OTHER.getAddress(), AMOUNT);

        TransferReport failed = confirmations.report(reverted);
        TransferReport wrongToken = confirmations.report(otherToken);
        TransferReport wrongRecipient = confirmations.report(otherRecipient);
        for (int i = 0; i < CONFIRMATIONS; i++) {
            anvil.mine();
        }
        PollResult poll = confirmations.poll();

        assertThat(failed.rejection()).isEqualTo(TransferRejection.FAILED_TRANSACTION);
        assertThat(wrongToken.rejection()).isEqualTo(TransferRejection.NO_TRANSFER_TO_MARKET);
        assertThat(wrongRecipient.rejection()).isEqualTo(TransferRejection.NO_TRANSFER_TO_MARKET);
        assertThat(poll.seen()).isZero();
        assertThat(poll.confirmed()).isZero();
        assertThat(transfers.rejectionOf(reverted)).contains(TransferRejection.FAILED_TRANSACTION);
        assertThat(new ChainOutbox(dataSource, Clock.systemUTC()).all(outbox.sender())).isEmpty();
        assertThat(chain.creditOf(AnvilNode.USER)).isZero();
    }

    @Test
    void reorgRejectsOnlyTheTransferItTookWhileTheOthersKeepCountingPerHead() throws Exception {
        TransferConfirmations confirmations = confirmations(10);
        String kept = chain.transfer(chain.market.getContractAddress(), AMOUNT);
        String alsoKept = chain.transfer(chain.market.getContractAddress(), AMOUNT.add(BigInteger.ONE));
        String beforeLost = anvil.snapshot();
        String lost = chain.transfer(chain.market.getContractAddress(), AMOUNT.add(BigInteger.TWO));
        confirmations.poll();
        PollResult sameHead = confirmations.poll();

        anvil.revert(beforeLost);
        anvil.mine();
        anvil.mine();
        PollResult afterReorg = confirmations.poll();

        assertThat(sameHead.seen()).isEqualTo(3);
        assertThat(afterReorg.dropped()).isEqualTo(1);
        assertThat(transfers.findByTxHash(lost)).singleElement().extracting(Transfer::state)
                .isEqualTo(TransferState.REJECTED);
        assertThat(transfers.rejectionOf(lost, 0)).contains(TransferRejection.REORGED);
        assertThat(transfers.findByTxHash(kept)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TransferState.PENDING);
            assertThat(t.confirmations()).isEqualTo(4L);
        });
        assertThat(transfers.findByTxHash(alsoKept)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TransferState.PENDING);
            assertThat(t.confirmations()).isEqualTo(3L);
        });
        assertThat(transfers.findByTxHash(lost)).singleElement().extracting(Transfer::confirmations).isEqualTo(1L);
    }

    @Test
    void rpcCallsPerCycleDoNotGrowWithPendingTransfers() throws Exception {
        TransferConfirmations confirmations = confirmations(1_000_000);
        long[] callsPerCycle = new long[3];
        int[] pendingCounts = {1, 100, 1000};
        int sent = 0;
        for (int step = 0; step < pendingCounts.length; step++) {
            sent = sendPendingTransfers(sent, pendingCounts[step]);
            confirmations.poll();
            rpc.reset();

            PollResult cycle = confirmations.poll();

            callsPerCycle[step] = rpc.total();
            assertThat(cycle.seen()).isEqualTo(pendingCounts[step]);
            assertThat(transfers.pendingBlocks()).hasSize(pendingCounts[step]);
            System.out.printf("RPC calls per confirmation cycle with %d pending transfers: %d (%s)%n",
                    pendingCounts[step], callsPerCycle[step], "eth_blockNumber=" + rpc.count("eth_blockNumber")
                            + ", eth_getLogs=" + rpc.count("eth_getLogs"));
        }

        assertThat(callsPerCycle[0]).isEqualTo(callsPerCycle[1]).isEqualTo(callsPerCycle[2]).isEqualTo(2);
    }

    /** Sends transfers to the market from USER until {@code target} were sent in all; mines them all. */
    private int sendPendingTransfers(int alreadySent, int target) throws Exception {
        anvil.automine(false);
        long nonce = anvil.pendingNonce(AnvilNode.USER.getAddress());
        for (int i = alreadySent; i < target; i++) {
            MarketChain.sendTransfer(anvil, chain.token.getContractAddress(), AnvilNode.USER,
                    chain.market.getContractAddress(), BigInteger.valueOf(i + 1), nonce++);
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (anvil.minedNonce(AnvilNode.USER.getAddress()) < nonce && Instant.now().isBefore(deadline)) {
            anvil.mine();
        }
        anvil.automine(true);
        return target;
    }

    private TransferConfirmations confirmations(int required) {
        return new TransferConfirmations(dataSource, transfers, Web3j.build(rpc), outbox, chain.tokenAddress(),
                chain.marketAddress(), new ConfirmationSettings(required, 0, 10_000, BigInteger.valueOf(300_000)));
    }

    private long logIndex(String tx) {
        return transfers.findByTxHash(tx).get(0).logIndex();
    }

    /** Runs outbox passes and confirmation cycles until the transfer is CREDITED, with a deadline. */
    private void awaitCredited(TransferConfirmations confirmations, String tx) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (transfers.findByTxHash(tx).get(0).state() != TransferState.CREDITED) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("transfer not credited within 30 s");
            }
            outbox.pass();
            confirmations.poll();
        }
    }
}
