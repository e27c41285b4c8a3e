package io.grid.routes.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grid.api.Problem;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.core.fetch.FetchLimits;
import io.grid.core.fetch.FetchRefusal;
import io.grid.core.fetch.FetchRefusedException;
import io.grid.core.fetch.HostResolver;
import io.grid.core.fetch.UrlPolicy;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class YamlFetcherTest {

    private static final String YAML = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    private static final int CAP = 1024;
    private static final Duration TEST_DEADLINE = Duration.ofSeconds(10);
    private static final Duration SHORT_DEADLINE = Duration.ofMillis(300);
    /** Only 127.0.0.1 is exempt from the address rules, and no real DNS is ever asked. */
    private static final UrlPolicy LOOPBACK_ALLOWED = new UrlPolicy(YamlFetcherTest::noDns, Set.of("127.0.0.1"));

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> hostHeader = new AtomicReference<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/app.yaml", exchange -> answer(exchange, 200, "application/yaml; charset=utf-8", YAML));
        server.createContext("/page.html", exchange -> answer(exchange, 200, "text/html", "<html></html>"));
        server.createContext("/untyped.yaml", exchange -> answer(exchange, 200, null, YAML));
        server.createContext("/missing.yaml", exchange -> answer(exchange, 404, "text/plain", "not here"));
        server.createContext("/hop1", exchange -> redirect(exchange, 302, "/hop2"));
        server.createContext("/hop2", exchange -> redirect(exchange, 301, url("/app.yaml")));
        server.createContext("/to-metadata", exchange ->
                redirect(exchange, 302, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-private", exchange -> redirect(exchange, 307, "http://10.0.0.1/app.yaml"));
        server.createContext("/to-internal-name", exchange ->
                redirect(exchange, 302, "http://yaml.corp.example/app.yaml"));
        server.createContext("/to-file", exchange -> redirect(exchange, 302, "file:///etc/passwd"));
        server.createContext("/loop/", exchange -> {
            int hop = Integer.parseInt(exchange.getRequestURI().getPath().substring("/loop/".length()));
            redirect(exchange, 302, "/loop/" + (hop + 1));
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ticks.shutdownNow();
    }

    @Test
    void fetchesAYamlFileFromAnAllowedServer() {
        FetchedYaml fetched = fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/app.yaml"));

        assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(YAML);
        assertThat(fetched.contentType()).isEqualTo("application/yaml; charset=utf-8");
        assertThat(fetched.source()).hasToString(url("/app.yaml"));
    }

    @Test
    void productionPolicyRefusesLoopbackWithoutConnecting() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> RawHttpServer.write(out, ok(YAML)))) {
            YamlFetcher production = fetcher(UrlPolicy.strict(), TEST_DEADLINE);

            assertRefused(() -> production.fetch(raw.url("/app.yaml")), FetchRefusal.BLOCKED_ADDRESS);
            assertThat(raw.connections()).isZero();
        }
    }

    @Test
    void refusesNonHttpSchemesWithoutAnyConnection() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> RawHttpServer.write(out, ok(YAML)))) {
            YamlFetcher fetcher = fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE);

            assertRefused(() -> fetcher.fetch("ftp://127.0.0.1:" + raw.port() + "/app.yaml"), FetchRefusal.BAD_SCHEME);
            assertRefused(() -> fetcher.fetch("file:///etc/passwd"), FetchRefusal.BAD_SCHEME);
            assertRefused(() -> fetcher.fetch("gopher://127.0.0.1:" + raw.port() + "/_"), FetchRefusal.BAD_SCHEME);
            assertThat(raw.connections()).isZero();
        }
    }

    @Test
    void followsRedirectsWithinTheLimit() {
        FetchedYaml fetched = fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/hop1"));

        assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(YAML);
        assertThat(fetched.source()).hasToString(url("/app.yaml"));
    }

    @Test
    void refusesARedirectToTheCloudMetadataAddress() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/to-metadata")),
                FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesARedirectToAPrivateAddress() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/to-private")),
                FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesARedirectToANameThatResolvesToAPrivateAddress() throws IOException {
        InetAddress privateAddress = InetAddress.getByAddress("yaml.corp.example", new byte[] {10, 1, 2, 3});
        AtomicInteger lookups = new AtomicInteger();
        HostResolver corporateDns = host -> {
            lookups.incrementAndGet();
            return List.of(privateAddress);
        };
        UrlPolicy policy = new UrlPolicy(corporateDns, Set.of("127.0.0.1"));

        assertRefused(() -> fetcher(policy, TEST_DEADLINE).fetch(url("/to-internal-name")), FetchRefusal.BLOCKED_ADDRESS);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void refusesARedirectToAFileUrl() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/to-file")), FetchRefusal.BAD_SCHEME);
    }

    @Test
    void refusesARedirectChainLongerThanThreeHops() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/loop/0")),
                FetchRefusal.TOO_MANY_REDIRECTS);
        // The first request and three followed redirects; the fourth redirect is not followed.
        assertThat(requests).hasValue(4);
    }

    @Test
    void refusesAContentTypeThatIsNotYaml() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/page.html")),
                FetchRefusal.BAD_CONTENT_TYPE);
    }

    @Test
    void refusesAResponseWithoutContentType() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/untyped.yaml")),
                FetchRefusal.BAD_CONTENT_TYPE);
    }

    @Test
    void refusesAnErrorStatusAsUpstreamFailure() {
        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(url("/missing.yaml")),
                FetchRefusal.UPSTREAM_FAILED);
    }

    @Test
    void refusesAClosedPortAsUpstreamFailure() throws IOException {
        // Outside the ephemeral range: no other server takes it meanwhile, and no connection of ours starts from it.
        int closedPort = LoopbackPorts.free();

        assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch("http://127.0.0.1:" + closedPort + "/a.yaml"),
                FetchRefusal.UPSTREAM_FAILED);
    }

    @Test
    void refusesABodyThatAnnouncesMoreThanTheCapBeforeReadingIt() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> RawHttpServer.write(out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nContent-Length: 1000000000\r\n\r\n" + YAML))) {
            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(raw.url("/big.yaml")),
                    FetchRefusal.TOO_LARGE);
        }
    }

    @Test
    void bodyLongerThanItsContentLengthIsCutAtTheAnnouncedLength() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nContent-Length: 16\r\n\r\n");
            streamForever(out);
        })) {
            FetchedYaml fetched = fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(raw.url("/lying.yaml"));

            assertThat(fetched.body()).hasSize(16);
        }
    }

    @Test
    void chunkedBodyBehindASmallContentLengthIsStoppedAtTheCap() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nContent-Length: 16\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            streamChunksForever(out);
        })) {
            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(raw.url("/lying.yaml")),
                    FetchRefusal.TOO_LARGE);
        }
    }

    @Test
    void endlessChunkedBodyIsStoppedAtTheCap() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nTransfer-Encoding: chunked\r\n\r\n");
            streamChunksForever(out);
        })) {
            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(raw.url("/endless.yaml")),
                    FetchRefusal.TOO_LARGE);
        }
    }

    @Test
    void endlessBodyWithoutLengthIsStoppedAtTheCap() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nConnection: close\r\n\r\n");
            streamForever(out);
        })) {
            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(raw.url("/endless.yaml")),
                    FetchRefusal.TOO_LARGE);
        }
    }

    @Test
    void bodyTrickledByteByByteIsStoppedAtTheDeadline() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nConnection: close\r\n\r\n");
            trickle(out, "#");
        })) {
            long start = System.nanoTime();

            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, SHORT_DEADLINE).fetch(raw.url("/slow.yaml")),
                    FetchRefusal.TOO_SLOW);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void headersTrickledByteByByteAreStoppedAtTheDeadline() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nX-Slow: ");
            trickle(out, "a");
        })) {
            long start = System.nanoTime();

            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, SHORT_DEADLINE).fetch(raw.url("/slow.yaml")),
                    FetchRefusal.TOO_SLOW);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void endlessHeaderLineIsRefusedWithBoundedMemory() throws IOException {
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nX-Endless: ");
            byte[] noLineEnd = "a".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(noLineEnd);
            }
        })) {
            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, TEST_DEADLINE).fetch(raw.url("/endless.yaml")),
                    FetchRefusal.UPSTREAM_FAILED);
        }
    }

    @Test
    void silentServerIsStoppedAtTheDeadline() throws IOException {
        // Answers nothing; the read returns only once the fetcher hangs up.
        try (RawHttpServer raw = RawHttpServer.onLoopback((in, out) -> in.read())) {
            long start = System.nanoTime();

            assertRefused(() -> fetcher(LOOPBACK_ALLOWED, SHORT_DEADLINE).fetch(raw.url("/silent.yaml")),
                    FetchRefusal.TOO_SLOW);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void connectsOnlyToTheCheckedAddressWhenDnsAnswersDifferentlyLater() throws IOException {
        int port = server.getAddress().getPort();
        InetAddress checked = InetAddress.getByName("127.0.0.1");
        InetAddress rebound = InetAddress.getByName("127.0.0.2");
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> List.of(lookups.getAndIncrement() == 0 ? checked : rebound);
        UrlPolicy policy = new UrlPolicy(rebinding, Set.of("yaml.rebind.example"));
        try (RawHttpServer attacker = new RawHttpServer("127.0.0.2", port,
                (in, out) -> RawHttpServer.write(out, ok("kind: ClusterRole\n")))) {

            FetchedYaml fetched = fetcher(policy, TEST_DEADLINE).fetch("http://yaml.rebind.example:" + port + "/app.yaml");

            assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(YAML);
            assertThat(lookups).hasValue(1);
            assertThat(attacker.connections()).isZero();
            assertThat(hostHeader).hasValue("yaml.rebind.example:" + port);
        }
    }

    @Test
    void refusalsBecomeProblemsWithTheirStatusAndReason() {
        Problems problems = FetchProblems.registerWith(new Problems(new Json()));

        Problem tooLarge = problems.problemFor(new FetchRefusedException(FetchRefusal.TOO_LARGE, "too big"), "x1");
        Problem blocked = problems.problemFor(new FetchRefusedException(FetchRefusal.BLOCKED_ADDRESS, "no"), "x2");
        Problem upstream = problems.problemFor(new FetchRefusedException(FetchRefusal.UPSTREAM_FAILED, "down"), "x3");

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.reason()).isEqualTo("TOO_LARGE");
        assertThat(tooLarge.detail()).isEqualTo("too big");
        assertThat(blocked.status()).isEqualTo(400);
        assertThat(upstream.status()).isEqualTo(502);
    }

    // --- fixtures -------------------------------------------------------------------------------

    private static YamlFetcher fetcher(UrlPolicy policy, Duration deadline) {
        return new YamlFetcher(policy, new FetchLimits(CAP, deadline, FetchLimits.YAML_CONTENT_TYPES, 3),
                Duration.ofSeconds(2), Clock.systemUTC());
    }

    private static void assertRefused(ThrowingCallable fetch, FetchRefusal expected) {
        assertThatThrownBy(fetch).isInstanceOfSatisfying(FetchRefusedException.class,
                refused -> assertThat(refused.refusal()).as(refused.getMessage()).isEqualTo(expected));
    }

    private static List<InetAddress> noDns(String host) throws UnknownHostException {
        throw new UnknownHostException("tests ask no DNS: " + host);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        requests.incrementAndGet();
        hostHeader.set(exchange.getRequestHeaders().getFirst("Host"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void redirect(HttpExchange exchange, int status, String location) throws IOException {
        requests.incrementAndGet();
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static String ok(String yaml) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/yaml\r\nContent-Length: "
                + yaml.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + yaml;
    }

    /** Writes YAML comment lines until the fetcher hangs up. */
    private static void streamForever(OutputStream out) throws IOException {
        byte[] line = "# padding padding padding padding padding padding padding padding\n"
                .getBytes(StandardCharsets.US_ASCII);
        while (true) {
            out.write(line);
        }
    }

    /** Writes chunks until the fetcher hangs up. */
    private static void streamChunksForever(OutputStream out) throws IOException {
        String data = "#".repeat(63) + "\n";
        byte[] chunk = (Integer.toHexString(data.length()) + "\r\n" + data + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (true) {
            out.write(chunk);
        }
    }

    /** Sends {@code text} every 20 ms until the fetcher hangs up. */
    private void trickle(OutputStream out, String text) {
        CompletableFuture<Void> hungUp = new CompletableFuture<>();
        ScheduledFuture<?> sender = ticks.scheduleAtFixedRate(() -> {
            try {
                RawHttpServer.write(out, text);
            } catch (IOException closed) {
                hungUp.complete(null);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            awaitHangUp(hungUp);
        } finally {
            sender.cancel(false);
        }
    }

    private static void awaitHangUp(CompletableFuture<Void> hungUp) {
        try {
            hungUp.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException serverClosing) {
            // The test is over and closes the server: nothing left to send to.
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException gaveUp) {
            throw new IllegalStateException("the fetcher did not hang up within 10 s", gaveUp);
        }
    }
}
