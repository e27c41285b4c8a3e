package io.grid.routes.chain;

import io.grid.bench.BenchReport;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.store.TransferStore;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.web3j.protocol.Web3j;

/**
 * Growth of one transfer confirmation cycle ({@link TransferConfirmations#poll()}) with the number of pending
 * transfers: JSON-RPC calls counted by {@link CountingHttpService} and wall time, for 1, 100, 1 000, 10 000
 * pending transfers on a real Anvil node with a Derby database. The figures at 1 pending are the baseline the
 * ratios are taken against. The confirmation depth is set out of reach so every transfer stays pending.
 *
 * <p>Arguments: the pending counts (ascending), then {@code --budget-seconds N} for the whole run; a count
 * whose transfers cannot be sent within what is left of the budget is reported as not measured.
 */
public final class ConfirmationGrowthBench {

    private static final int MEASURED_CYCLES = 3;

    private ConfirmationGrowthBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = {1, 100, 1_000, 10_000};
        long budgetSeconds = 240;
        java.util.List<Integer> given = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--budget-seconds")) {
                budgetSeconds = Long.parseLong(args[++i]);
            } else {
                given.add(Integer.parseInt(args[i]));
            }
        }
        if (!given.isEmpty()) {
            counts = given.stream().mapToInt(Integer::intValue).toArray();
        }
        Instant deadline = Instant.now().plusSeconds(budgetSeconds);
        Path directory = Files.createTempDirectory("grid-bench-confirmations");
        try (AnvilNode anvil = AnvilNode.start()) {
            run(anvil, directory, counts, deadline);
        }
        System.exit(0); // web3j's and Derby's non-daemon threads would otherwise keep the JVM alive
    }

    private static void run(AnvilNode anvil, Path directory, int[] counts, Instant deadline) throws Exception {
        MarketChain chain = MarketChain.deploy(anvil);
        DataSource dataSource = TestDatabase.migrated(directory);
        TransferStore transfers = new TransferStore(dataSource, Clock.systemUTC());
        CountingHttpService rpc = new CountingHttpService(anvil.url());
        TransactionOutbox outbox = new TransactionOutbox(new ChainOutbox(dataSource, Clock.systemUTC()), anvil.web3j(),
                AnvilNode.PLATFORM, AnvilNode.CHAIN_ID, new OutboxSettings(Duration.ofMillis(50),
                Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2)), Clock.systemUTC());
        try {
            TransferConfirmations confirmations = new TransferConfirmations(dataSource, transfers, Web3j.build(rpc),
                    outbox, chain.tokenAddress(), chain.marketAddress(),
                    new ConfirmationSettings(1_000_000, 0, 10_000, BigInteger.valueOf(300_000)));
            int sent = 0;
            double baseCalls = -1;
            double baseMillis = -1;
            double baseMovedMillis = -1;
            double sendRate = -1;
            for (int pending : counts) {
                long remaining = Duration.between(Instant.now(), deadline).toSeconds();
                if (sendRate > 0 && (pending - sent) / sendRate > remaining * 0.6) {
                    BenchReport.row("confirmations", "poll cycle @ " + pending + " pending", "not measured",
                            String.format(java.util.Locale.ROOT, "sending %d more transfers at %.0f/s does not fit"
                                    + " the %d s left of the budget", pending - sent, sendRate, remaining));
                    continue;
                }
                long sendStart = System.nanoTime();
                int newly = pending - sent;
                sent = sendPendingTransfers(anvil, chain, sent, pending);
                double sendSeconds = BenchReport.millisSince(sendStart) / 1000;
                if (newly > 0) {
                    sendRate = newly / sendSeconds;
                }
                long recordStart = System.nanoTime();
                PollResult first = confirmations.poll(); // records the newly mined transfers as pending
                double recordMillis = BenchReport.millisSince(recordStart);
                if (first.seen() != pending || transfers.pendingBlocks().size() != pending) {
                    throw new IllegalStateException("expected " + pending + " pending transfers, the cycle saw "
                            + first.seen() + " and the store holds " + transfers.pendingBlocks().size());
                }
                long[] calls = new long[MEASURED_CYCLES];
                double[] millis = timeCycles(confirmations, rpc, anvil, pending, false, calls);
                String methods = "eth_blockNumber=" + rpc.count("eth_blockNumber") + " eth_getLogs="
                        + rpc.count("eth_getLogs");
                // A live chain moves its head between most cycles: then every waiting transfer's count changes.
                double[] movedMillis = timeCycles(confirmations, rpc, anvil, pending, true, new long[MEASURED_CYCLES]);
                long maxCalls = java.util.Arrays.stream(calls).max().orElseThrow();
                double medianMillis = BenchReport.quantile(millis, 0.5);
                if (baseCalls < 0) {
                    baseCalls = maxCalls;
                    baseMillis = medianMillis;
                }
                BenchReport.row("confirmations", "RPC calls/cycle @ " + pending + " pending",
                        String.valueOf(maxCalls), methods + ", x" + BenchReport.decimal(maxCalls / baseCalls)
                                + " of baseline @ " + counts[0]);
                BenchReport.row("confirmations", "wall ms/cycle @ " + pending + " pending",
                        BenchReport.decimal(medianMillis), "median of " + MEASURED_CYCLES + ", max "
                                + BenchReport.decimal(BenchReport.quantile(millis, 1)) + ", x"
                                + BenchReport.decimal(medianMillis / baseMillis) + " of baseline; first cycle recording "
                                + (newly) + " new: " + BenchReport.decimal(recordMillis) + " ms");
                double medianMoved = BenchReport.quantile(movedMillis, 0.5);
                if (baseMovedMillis < 0) {
                    baseMovedMillis = medianMoved;
                }
                BenchReport.row("confirmations", "wall ms/cycle, head moved @ " + pending + " pending",
                        BenchReport.decimal(medianMoved), "median of " + MEASURED_CYCLES + ", one block mined before"
                                + " each, max " + BenchReport.decimal(BenchReport.quantile(movedMillis, 1)) + ", x"
                                + BenchReport.decimal(medianMoved / baseMovedMillis) + " of baseline");
            }
        } finally {
            outbox.close();
        }
    }

    /**
     * The wall milliseconds of {@link #MEASURED_CYCLES} cycles, with one block mined before each when
     * {@code mineFirst}; {@code calls} gets the JSON-RPC calls of each.
     */
    private static double[] timeCycles(TransferConfirmations confirmations, CountingHttpService rpc, AnvilNode anvil,
                                       int pending, boolean mineFirst, long[] calls) throws Exception {
        double[] millis = new double[MEASURED_CYCLES];
        for (int cycle = 0; cycle < MEASURED_CYCLES; cycle++) {
            if (mineFirst) {
                anvil.mine();
            }
            rpc.reset();
            long start = System.nanoTime();
            PollResult result = confirmations.poll();
            millis[cycle] = BenchReport.millisSince(start);
            calls[cycle] = rpc.total();
            if (result.seen() != pending) {
                throw new IllegalStateException("cycle saw " + result.seen() + " of " + pending);
            }
        }
        return millis;
    }

    /** Sends transfers from USER to the market until {@code target} were sent in all, then mines them all. */
    private static int sendPendingTransfers(AnvilNode anvil, MarketChain chain, int alreadySent, int target)
            throws Exception {
        if (target <= alreadySent) {
            return alreadySent;
        }
        anvil.automine(false);
        long nonce = anvil.pendingNonce(AnvilNode.USER.getAddress());
        for (int i = alreadySent; i < target; i++) {
            MarketChain.sendTransfer(anvil, chain.token.getContractAddress(), AnvilNode.USER,
                    chain.market.getContractAddress(), BigInteger.valueOf(i + 1), nonce++);
        }
        Instant deadline = Instant.now().plusSeconds(120);
        while (anvil.minedNonce(AnvilNode.USER.getAddress()) < nonce) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("transfers not mined within 120 s");
            }
            anvil.mine();
        }
        anvil.automine(true);
        BenchReport.progress("%d transfers pending on chain", target);
        return target;
    }
}
