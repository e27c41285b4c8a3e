package io.grid.samples.server;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import io.grid.contracts.chain.LocalChain;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.starter.GatewayDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's main job: the sample server with its embedded defaults plays the whole marketplace demo; with the
 * demo's logging, standard output holds nothing but the story (no log line, Flyway's or any other, no escape codes).
 */
@ExtendWith(OutputCaptureExtension.class)
class MarketplaceDemoTest {

    static int freePort() {
        return LoopbackPorts.free();
    }

    /** Polls a condition a background job makes true; fails at the deadline. */
    private static void awaitTrue(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void demoPlaysTheWholeMarketplaceAndSettledBalancesMatchCoreSettlement(@TempDir Path state, CapturedOutput output)
            throws Exception {
        ByteArrayOutputStream told = new ByteArrayOutputStream();
        boolean passed;
        long[] receipts;
        Path log = state.resolve("demo.log");
        try (ConfigurableApplicationContext server = GridServer.start(GridServer.DEMO_LOGGING,
                "--logging.file.name=" + log,
                "--grid.http.port=" + freePort(),
                "--grid.gateway.proxy-port=" + freePort(),
                "--grid-server.local-state=" + state.resolve("local"),
                "--grid.gateway.cookie-key-file=" + state.resolve("cookie.key"))) {
            passed = server.getBean(MarketplaceDemo.class)
                    .tellingOn(new PrintStream(told, true, StandardCharsets.UTF_8)).play();
            // The gateway's lifecycle has had its say on the ended order (torn down, final state recorded), and its
            // outbox has nothing left to send: only then are the receipts counted.
            LocalOrders gatewayOrders = server.getBean(LocalOrders.class);
            TransactionOutbox gatewayOutbox = server.getBean("gridGatewayOutbox", TransactionOutbox.class);
            ChainOutbox outboxTable = new ChainOutbox(server.getBean(GatewayDatabase.class).dataSource(), Clock.systemUTC());
            awaitTrue("the gateway's lifecycle handled the ended order and its outbox is empty", Duration.ofSeconds(60),
                    () -> gatewayOrders.needingCare().isEmpty() && outboxTable.open(gatewayOutbox.sender()).isEmpty());
            receipts = MarketplaceDemo.transactionsAndReverted(server.getBean(LocalChain.class).web3j());
        }

        String story = told.toString(StandardCharsets.UTF_8);
        assertThat(story).contains("Greet 0", "Greet 1", "Greet 2", "The app answered: order: ",
                "DEMO OK: the settled balances match grid-core's settlement to the unit.");
        assertThat(passed).as(story).isTrue();
        assertThat(story).contains("reverted: 0");
        assertThat(receipts[0]).isPositive();
        assertThat(receipts[1]).as("transactions with receipt status 0").isZero();
        // The story went to its own stream; the server wrote nothing else on the console, its logs went to the file.
        assertThat(output.getOut()).as("the console besides the story").isEmpty();
        assertThat(GridServer.DEMO_LOG).startsWith(".grid/");
        assertThat(Files.readString(log)).contains("event=").doesNotContain("\u001b[");
    }
}
