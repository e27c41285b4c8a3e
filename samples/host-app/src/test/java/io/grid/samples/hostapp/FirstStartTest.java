package io.grid.samples.hostapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LoopbackPorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first start, done exactly as the README's section "Embedding GRID" says: its dependencies (the runtime
 * classpath Maven resolves for this module's, which are the same), its {@code application.properties}, its main class
 * and its own Flyway migration, in a fresh directory with Anvil where {@code npm install} puts it; started twice in a
 * row as a separate JVM, each time answering {@code GET /health} with 200.
 */
class FirstStartTest {

    private static final String SECTION = "## Embedding GRID";
    private static final Duration START_DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path app;

    @Test
    void aFreshHostAppStartsTwiceInARowAndBothItsMigrationsAndGridsRun() throws Exception {
        Path checkout = Path.of(System.getProperty("grid.checkout")).toRealPath();
        String readme = section(Files.readString(checkout.resolve("README.md")));
        String classpath = Files.readString(Path.of(System.getProperty("grid.host.classpath"))).trim();
        assertThat(artifactIds(block(readme, "xml"))).containsExactly("grid-starter", "derby", "derbytools");

        // The Anvil the README has a host install is the one GRID's own build pins (and the test links below).
        Matcher npm = Pattern.compile("npm install (@foundry-rs/anvil-linux-amd64)@([0-9.]+)").matcher(readme);
        assertThat(npm.find()).as("the README's npm install of Anvil").isTrue();
        assertThat(Files.readString(checkout.resolve("contracts/package.json")))
                .contains("\"" + npm.group(1) + "\": \"" + npm.group(2) + "\"");

        // The README's steps, in a fresh directory.
        Files.writeString(app.resolve("application.properties"), block(readme, "properties"));
        Path anvilPackage = app.resolve("node_modules/@foundry-rs/anvil-linux-amd64");
        Files.createDirectories(anvilPackage.getParent());
        Files.createSymbolicLink(anvilPackage,
                checkout.resolve("contracts/node_modules/@foundry-rs/anvil-linux-amd64"));
        Path classes = compile(block(readme, "java"), classpath);
        Path migration = classes.resolve("db/migration/V1__acme_customer.sql");
        Files.createDirectories(migration.getParent());
        Files.writeString(migration, block(readme, "sql"));

        for (int start = 1; start <= 2; start++) {
            int port = LoopbackPorts.free();
            Path log = app.resolve("start-" + start + ".log");
            Process host = new ProcessBuilder(javaExecutable(), "-cp", classes + java.io.File.pathSeparator + classpath,
                    "com.example.acme.AcmeApplication", "--grid.http.port=" + port)
                    .directory(app.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpResponse<String> health = awaitHealth(host, port, log);

                assertThat(health.statusCode()).as("start %d: %s", start, health.body()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"");
            } finally {
                stop(host);
            }
        }

        assertThat(tables(app.resolve(".grid/db"))).contains("acme_customer", "flyway_schema_history", "grid_order",
                "grid_platform_schema_history", "grid_chain_binding");
    }

    /** The README's embedding section. */
    private static String section(String readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section %s", SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length());
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** The one fenced block of {@code language} in the section. */
    private static String block(String section, String language) {
        Matcher blocks = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(blocks.find()).as("a ```%s block", language).isTrue();
        String block = blocks.group(1);
        assertThat(blocks.find()).as("only one ```%s block", language).isFalse();
        return block;
    }

    private static List<String> artifactIds(String xml) {
        List<String> ids = new ArrayList<>();
        Matcher id = Pattern.compile("<artifactId>(.*?)</artifactId>").matcher(xml);
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }

    private Path compile(String source, String classpath) throws IOException {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).isTrue();
        Path file = app.resolve("src/main/java/com/example/acme/" + name.group(1) + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(app.resolve("target/classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-cp", classpath, "-d", classes.toString(), file.toString());
        assertThat(status).as("javac of the README's main class").isZero();
        return classes;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Asks {@code /health} until it answers, the host exits, or the deadline passes. */
    private static HttpResponse<String> awaitHealth(Process host, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(10)).build();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException notYetListening) {
                // Waits for the host's exit for a moment instead of sleeping: an exit ends the wait at once.
                try {
                    host.onExit().get(250, TimeUnit.MILLISECONDS);
                    throw new AssertionError("the host app exited with " + host.exitValue() + ":\n" + tail(log));
                } catch (TimeoutException stillStarting) {
                    // not listening yet
                }
            }
        }
        throw new AssertionError("the host app did not answer /health within " + START_DEADLINE + ":\n" + tail(log));
    }

    private static void stop(Process host) throws InterruptedException {
        host.destroy();
        if (!host.waitFor(60, TimeUnit.SECONDS)) {
            host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static List<String> tables(Path database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + database);
             ResultSet rows = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        } finally {
            shutDownDerby(database);
        }
        return names;
    }

    private static void shutDownDerby(Path database) {
        try {
            DriverManager.getConnection("jdbc:derby:" + database + ";shutdown=true").close();
        } catch (SQLException shutDown) {
            // Derby answers a shutdown with an exception by design.
        }
    }
}
