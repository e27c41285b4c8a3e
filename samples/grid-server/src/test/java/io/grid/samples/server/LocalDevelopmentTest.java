package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.contracts.chain.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The sample server started from {@code config.local.toml}: the local chain moves by itself, {@code GET /chain}
 * tells wallets its RPC URL, and the README's sign-then-submit example runs as written against it.
 */
class LocalDevelopmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path state;
    static ConfigurableApplicationContext server;
    static String base;

    @BeforeAll
    static void start() {
        int port = LoopbackPorts.free();
        base = "http://127.0.0.1:" + port;
        server = GridServer.start(
                "--spring.config.import=file:config.local.toml",
                "--grid.http.port=" + port,
                "--grid.gateway.proxy-port=" + LoopbackPorts.free(),
                "--grid-server.local-state=" + state.resolve("local"),
                "--grid.gateway.cookie-key-file=" + state.resolve("cookie.key"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void localChainMinesBlocksByItselfAndChainTellsWalletsItsRpcUrl() throws Exception {
        JsonNode chain = get("/chain");
        Web3j node = Web3j.build(new HttpService(chain.get("rpcUrl").asText()));
        try {
            long first = node.ethBlockNumber().send().getBlockNumber().longValueExact();
            long block = first;
            Instant deadline = Instant.now().plusSeconds(20);
            while (block < first + 2 && Instant.now().isBefore(deadline)) {
                block = node.ethBlockNumber().send().getBlockNumber().longValueExact(); // a round trip paces the loop
            }

            assertThat(block).isGreaterThanOrEqualTo(first + 2);
            assertThat(chain.get("chainId").asText()).isEqualTo("31337");
            assertThat(chain.get("token").get("symbol").asText()).isEqualTo("GRIDDEV");
        } finally {
            node.shutdown();
        }
    }

    @Test
    void readmeSignThenSubmitExampleRegistersTheProvider(@TempDir Path work) throws Exception {
        String script = readmeBlock("# sign-then-submit");
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(work.toFile())
                .redirectErrorStream(true).start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String me = Pattern.compile("ME=(0x[0-9a-fA-F]{40})").matcher(script).results().findFirst().orElseThrow().group(1);

        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(JSON.readTree(output).get("active").asBoolean()).as(output).isTrue();
        assertThat(get("/providers/" + me).get("name").asText()).isEqualTo("my provider");
    }

    private static String readmeBlock(String firstLine) throws IOException {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        Matcher block = Pattern.compile("```bash\n(" + Pattern.quote(firstLine) + "[^\n]*\n.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("README.md holds a bash block starting with " + firstLine).isTrue();
        return "export GRID=" + base + "\n" + block.group(1);
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
