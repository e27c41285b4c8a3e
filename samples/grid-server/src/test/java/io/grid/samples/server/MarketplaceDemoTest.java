package io.grid.samples.server;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The README's main job: the sample server with its embedded defaults plays the whole marketplace demo. */
class MarketplaceDemoTest {

    static int freePort() {
        return LoopbackPorts.free();
    }

    @Test
    void demoPlaysTheWholeMarketplaceAndSettledBalancesMatchCoreSettlement(@TempDir Path state) throws IOException {
        ByteArrayOutputStream told = new ByteArrayOutputStream();
        boolean passed;
        try (ConfigurableApplicationContext server = GridServer.start(
                "--grid.http.port=" + freePort(),
                "--grid.gateway.proxy-port=" + freePort(),
                "--grid-server.local-state=" + state.resolve("local"),
                "--grid.gateway.cookie-key-file=" + state.resolve("cookie.key"))) {
            passed = server.getBean(MarketplaceDemo.class)
                    .tellingOn(new PrintStream(told, true, StandardCharsets.UTF_8)).play();
        }

        String story = told.toString(StandardCharsets.UTF_8);
        assertThat(story).contains("Greet 0", "Greet 1", "Greet 2", "The app answered: order: ",
                "DEMO OK: the settled balances match grid-core's settlement to the unit.");
        assertThat(passed).as(story).isTrue();
    }
}
