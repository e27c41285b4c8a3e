package io.grid.samples.server;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.web3j.crypto.WalletUtils;

/**
 * Real platform processes for fault tests and the replica bench: separate JVMs running {@link GridServer} (platform
 * only, no gateway) from this module's class path, all on one PostgreSQL database and one Anvil chain, each on its
 * own loopback port, all signing with the same platform key read from one keystore file. The keystore's password
 * reaches the processes through their environment ({@code GRID_PLATFORM_KEY_PASSWORD}), never a command line.
 *
 * <p>{@code extraArgs} are added to every replica's arguments (the clustering properties, or a switch that turns
 * the cluster service off to show what goes wrong without it).
 */
final class PlatformReplicas implements AutoCloseable {

    private static final String PASSWORD_ENV = "GRID_PLATFORM_KEY_PASSWORD";

    private final LocalChain chain;
    private final Path work;
    private final String databaseUrl;
    private final Path keyFile;
    private final String keyPassword = UUID.randomUUID().toString();
    private final List<String> extraArgs;
    private final Replica[] replicas;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One replica: its port stays the same across restarts. */
    final class Replica {
        final int index;
        final int port;
        final Path log;
        Process process;
        int starts;

        Replica(int index) {
            this.index = index;
            this.port = LoopbackPorts.free();
            this.log = work.resolve("replica-" + index + ".log");
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + port);
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        void start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(GridServer.class.getName());
            command.addAll(List.of(
                    "--grid.http.port=" + port,
                    "--grid.gateway.enabled=false",
                    "--grid.console.enabled=false",
                    "--grid.platform.enabled=true",
                    "--grid.platform.cluster.kind=" + System.getProperty("grid.test.replicas.cluster", "database"),
                    "--grid.platform.cluster.member-id=replica-" + index,
                    "--grid.platform.cluster.quartz-checkin-interval=1s",
                    "--grid.platform.key-file=" + keyFile,
                    "--grid.platform.lifecycle-interval=1s",
                    "--grid.platform.outbox-interval=200ms",
                    "--grid.platform.settlement-batch-size=2",
                    "--grid.platform.relay-wait=20s",
                    "--grid.chain.local.enabled=false",
                    "--grid.chain.rpc-url=" + chain.rpcUrl(),
                    "--grid.chain.public-rpc-url=" + chain.rpcUrl(),
                    "--grid.chain.chain-id=" + LocalChain.CHAIN_ID,
                    "--grid.chain.token-address=" + chain.token().getContractAddress(),
                    "--grid.chain.registry-address=" + chain.registry().getContractAddress(),
                    "--grid.chain.market-address=" + chain.market().getContractAddress(),
                    "--grid.chain.confirmations=2",
                    "--grid.chain.poll-interval=1s",
                    "--grid.chain.outbox.resend-after=10s",
                    "--grid.datasource.url=" + databaseUrl,
                    "--grid-server.local-state=" + work.resolve("state-" + index),
                    "--logging.file.name=" + log,
                    "--logging.threshold.console=OFF",
                    "--spring.config.import=optional:file:" + work.resolve("none.toml")));
            command.addAll(extraArgs);
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("replica-" + index + ".out").toFile()));
            builder.environment().put(PASSWORD_ENV, keyPassword);
            process = builder.start();
            starts++;
        }

        /** kill -9: the JVM gets no chance to clean up. */
        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** True when the replica answers GET /chain. */
        boolean ready() {
            if (!alive()) {
                return false;
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url().resolve("/chain"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        String logText() {
            try {
                return Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Makes a new database on the PostgreSQL server {@code postgresUrl} names, writes the platform keystore, and
     * prepares {@code count} replicas (not started).
     */
    PlatformReplicas(LocalChain chain, String postgresUrl, Path work, int count, List<String> extraArgs)
            throws Exception {
        this.chain = chain;
        this.work = work;
        this.extraArgs = List.copyOf(extraArgs);
        String database = "grid_replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(postgresUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        this.databaseUrl = postgresUrl.replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
        Path keys = Files.createDirectories(work.resolve("keys"));
        String name = WalletUtils.generateWalletFile(keyPassword, chain.platform().getEcKeyPair(), keys.toFile(),
                false);
        this.keyFile = keys.resolve(name);
        this.replicas = new Replica[count];
        for (int i = 0; i < count; i++) {
            replicas[i] = new Replica(i);
        }
    }

    Replica replica(int index) {
        return replicas[index];
    }

    int size() {
        return replicas.length;
    }

    String databaseUrl() {
        return databaseUrl;
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(databaseUrl);
    }

    /** Starts the first replica alone (it makes the schema), then the others; waits until all answer. */
    void startAll(Duration deadline) throws IOException {
        replicas[0].start();
        awaitTrue("replica 0 answers", deadline, replicas[0]::ready);
        for (int i = 1; i < replicas.length; i++) {
            replicas[i].start();
        }
        for (Replica replica : replicas) {
            awaitTrue("replica " + replica.index + " answers", deadline, replica::ready);
        }
    }

    /** Polls {@code condition} every 100 ms; fails at the deadline. */
    static void awaitTrue(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    @Override
    public void close() {
        for (Replica replica : replicas) {
            if (replica.alive()) {
                replica.kill();
            }
        }
    }
}
