package io.grid.routes.platform.jobs;

import io.grid.api.Address;
import io.grid.contracts.chain.DevAccounts;
import io.grid.contracts.chain.LocalChain;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.platform.ContractAddresses;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.transfers.ConfirmationSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * The platform's settlement path in a JVM of its own, for {@link SettlementKillNineTest} to kill with SIGKILL.
 *
 * <p>It opens the on-disk Derby database given on the command line through {@link PlatformAssembly} and runs one
 * {@link OrderLifecycle} pass: the due orders get {@code Market.completeOrders} queued in batches of two (the claims
 * and the batch's outbox row in one transaction), then the outbox signs, stores and sends the batches one by one. Each transaction handed to the node is
 * announced on stdout, so that the parent picks the kill point from what this process did, not from timing:
 * <pre>
 * STORED n txHash     the n-th transaction is stored signed and is about to be sent
 * ACCEPTED n txHash   the node accepted it
 * HOLDING n txHash    the n-th transaction is stored signed and will not be sent: kill me now
 * </pre>
 * At the {@code holdAt}-th transaction it stops before sending and waits to be killed; if nobody kills it within
 * {@link #UNKILLED_EXIT_AFTER} it exits with status 3, so that a broken parent leaves no process behind.
 *
 * <p>Arguments: database directory, JSON-RPC URL, token, registry and market addresses, the platform account's
 * address (checked against the dev account this process derives; no key travels on the command line), holdAt.
 */
public final class SettlementCrashChild {

    static final String STORED = "STORED";
    static final String ACCEPTED = "ACCEPTED";
    static final String HOLDING = "HOLDING";
    static final String PASS_FINISHED = "PASS-FINISHED";

    /** The platform settings of both the killed child and the restarted parent. */
    static final PlatformSettings SETTINGS = new PlatformSettings("127.0.0.1", 0, LocalChain.CHAIN_ID,
            new ConfirmationSettings(3, 0, 10_000, BigInteger.valueOf(300_000)),
            new OutboxSettings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100),
                    Duration.ofSeconds(2)),
            Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), BigInteger.valueOf(300_000),
            Duration.ofSeconds(30), Duration.ZERO, 0, 2);

    static final Duration UNKILLED_EXIT_AFTER = Duration.ofMinutes(2);

    private SettlementCrashChild() {
    }

    public static void main(String[] args) {
        if (args.length != 7) {
            throw new IllegalArgumentException("expected: databaseDirectory rpcUrl token registry market platform "
                    + "holdAt, got " + args.length + " arguments");
        }
        Path databaseDirectory = Path.of(args[0]);
        String rpcUrl = args[1];
        ContractAddresses contracts = new ContractAddresses(Address.of(args[2]), Address.of(args[3]),
                Address.of(args[4]));
        // LocalChain names dev account 1 "platform"; the key is derived here, never passed in.
        Credentials platform = DevAccounts.derive(2).get(1);
        if (!platform.getAddress().equalsIgnoreCase(args[5])) {
            throw new IllegalArgumentException("platform account " + args[5] + " is not dev account 1 "
                    + platform.getAddress());
        }
        int holdAt = Integer.parseInt(args[6]);

        Web3j web3j = Web3j.build(new AnnouncingHttpService(rpcUrl, holdAt, System.out));
        PlatformAssembly assembly = new PlatformAssembly(TestDatabase.empty(databaseDirectory), web3j, rpcUrl,
                contracts, platform, SETTINGS, Clock.systemUTC());
        OrderLifecycle.Pass pass = assembly.lifecycle().run();
        // Reaching this line means the hold point never came: the parent treats it as a failed set-up.
        System.out.println(PASS_FINISHED + " queued=" + pass.queued());
        System.out.flush();
        assembly.close();
        web3j.shutdown();
    }

    /** Announces every {@code eth_sendRawTransaction} on stdout and stops for good at the {@code holdAt}-th. */
    private static final class AnnouncingHttpService extends HttpService {

        private final int holdAt;
        private final PrintStream out;
        private int sent;

        AnnouncingHttpService(String url, int holdAt, PrintStream out) {
            super(url);
            this.holdAt = holdAt;
            this.out = out;
        }

        @Override
        public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
            if (!"eth_sendRawTransaction".equals(request.getMethod())) {
                return super.send(request, responseType);
            }
            int n = ++sent;
            String txHash = Hash.sha3(String.valueOf(request.getParams().get(0)));
            if (n == holdAt) {
                announce(HOLDING + " " + n + " " + txHash);
                waitToBeKilled();
            }
            announce(STORED + " " + n + " " + txHash);
            T answer = super.send(request, responseType);
            announce(ACCEPTED + " " + n + " " + txHash);
            return answer;
        }

        private void announce(String line) {
            out.println(line);
            out.flush();
        }

        private static void waitToBeKilled() {
            try {
                // Nothing counts this latch down: the wait ends with SIGKILL, or with the bound below.
                if (!new CountDownLatch(1).await(UNKILLED_EXIT_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("not killed within " + UNKILLED_EXIT_AFTER + ", exiting");
                    System.exit(3);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.exit(4);
            }
        }
    }
}
