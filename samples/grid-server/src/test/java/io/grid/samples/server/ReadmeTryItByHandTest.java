package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.client.GridClient;
import io.grid.client.GridProblemException;
import io.grid.client.KeySigner;
import io.grid.contracts.chain.LoopbackPorts;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The README's "Try it by hand" block, run as written by bash against a sample server this test starts: the
 * server's addresses in the block ({@code 127.0.0.1:8080}, {@code :8081}) become the test's free ports, and
 * {@code bin/grid} is this build's grid tool (the real one would build a jar with Maven first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeTryItByHandTest {

    private static final Pattern BLOCK = Pattern.compile(
            "## Try it by hand\\n.*?```bash\\n.*?```.*?```bash\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path dir;
    private int http;
    private int proxy;
    private ConfigurableApplicationContext server;

    @BeforeAll
    void startTheSampleServer() {
        http = LoopbackPorts.free();
        proxy = LoopbackPorts.free();
        server = GridServer.start(
                "--grid.http.port=" + http,
                "--grid.gateway.proxy-port=" + proxy,
                "--grid-server.local-state=" + dir.resolve("local"),
                "--grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"));
    }

    @AfterAll
    void stopTheSampleServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theReadmesGridCommandsTakeAnOrderFromPaymentToASettledApp() throws Exception {
        String script = readmeBlock().replace("127.0.0.1:8080", "127.0.0.1:" + http)
                .replace("127.0.0.1:8081", "127.0.0.1:" + proxy);
        Path work = Files.createDirectories(dir.resolve("work"));
        gridLauncher(work.resolve("bin"));
        Files.writeString(work.resolve("readme-block.sh"), script);
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-x", "readme-block.sh")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("told.txt").toFile());
        bash.environment().put("HOME", dir.toString());
        bash.environment().put("GRID_HOME", dir.resolve("grid-home").toString());
        bash.environment().put("GRID_PLATFORM", "http://127.0.0.1:" + http);
        bash.environment().put("GRID_PROXY", "http://127.0.0.1:" + proxy);
        bash.environment().remove("GRID_KEY_PASSWORD");

        Process process = bash.start();
        boolean ended = process.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String told = Files.readString(dir.resolve("told.txt"));

        assertThat(ended ? process.exitValue() : -1).as(told).isZero();
        assertThat(told).contains("chain id       31337 (local development chain)", "Registered provider",
                "Credited. Credits: 100 GRIDDEV available", "+ ORDER=", "Ready.", "HTTP 200 from",
                "COMPLETED, settled", "Withdrew ");
    }

    @Test
    void refusalsReachTheClientAsTypedProblemsAndTheToolAsAdvice() throws Exception {
        GridClient platform = GridClient.of(URI.create("http://127.0.0.1:" + http));
        KeySigner stranger = KeySigner.of(Credentials.create(Keys.createEcKeyPair()));

        assertThatThrownBy(() -> platform.order(BigInteger.valueOf(999_999)))
                .isInstanceOfSatisfying(GridProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(404);
                    assertThat(p.reason()).isEqualTo("NOT_FOUND");
                });
        assertThatThrownBy(() -> platform.withdrawCredits(stranger, BigInteger.TEN))
                .isInstanceOfSatisfying(GridProblemException.class, p -> assertThat(p.status()).isBetween(400, 499));

        Path launcher = dir.resolve("refusals/bin");
        gridLauncher(launcher);
        ProcessBuilder show = new ProcessBuilder(launcher.resolve("grid").toString(), "order", "show", "999999")
                .redirectErrorStream(true);
        show.environment().put("GRID_PLATFORM", "http://127.0.0.1:" + http);
        Process process = show.start();
        String told = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(told).isEqualTo(3);
        assertThat(told).contains("refused (404 NOT_FOUND)", "check the id or address given");
    }

    @Test
    void theReadmeBlockUsesOnlyGridAndShellBuiltins() throws IOException {
        List<String> commands = readmeBlock().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .filter(l -> !l.startsWith("export ") && !l.startsWith("cat > ") && !l.contains("="))
                .filter(l -> !l.matches("[A-Z_]+=\\$\\(grid .*\\)"))
                .toList();

        assertThat(commands).isNotEmpty().allMatch(l -> l.startsWith("grid ") || l.equals("TERMS"), "a grid command");
    }

    private static String readmeBlock() throws IOException {
        Path readme = Path.of("").toAbsolutePath();
        while (!Files.exists(readme.resolve("README.md")) || !Files.exists(readme.resolve("bin/grid"))) {
            readme = readme.getParent();
        }
        Matcher matcher = BLOCK.matcher(Files.readString(readme.resolve("README.md")));
        assertThat(matcher.find()).as("README.md has a 'Try it by hand' section with two bash blocks").isTrue();
        return matcher.group(1);
    }

    /** {@code bin/grid} for the test: this build's grid tool on the test's classpath, logging nothing. */
    static void gridLauncher(Path bin) throws IOException {
        Files.createDirectories(bin);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        // The test classpath has the server's Logback; the real jar logs nothing (slf4j-nop), nor does this.
        Path quiet = Files.writeString(bin.resolve("quiet-logback.xml"),
                "<configuration><root level=\"OFF\"/></configuration>\n");
        Path launcher = bin.resolve("grid");
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec '" + java + "' -XX:TieredStopAtLevel=1 "
                + "-Dlogback.configurationFile='" + quiet + "' -cp '" + classpath
                + "' io.grid.cli.Grid \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        assertThat(classpath.split(File.pathSeparator)).anyMatch(p -> p.contains("grid-cli"));
    }
}
