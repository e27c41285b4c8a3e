package io.grid.routes.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.core.cookie.CookieCodec;
import io.grid.core.fetch.HostResolver;
import io.grid.core.fetch.UrlPolicy;
import io.grid.core.signin.SignInMessage;
import io.grid.core.workload.YamlPolicy;
import io.grid.routes.chain.ChainDescriptions;
import io.grid.routes.gateway.access.GatewayProxy;
import io.grid.routes.gateway.deploy.AppCatalog;
import io.grid.routes.gateway.deploy.AppDeployments;
import io.grid.routes.gateway.deploy.YamlSource;
import io.grid.routes.gateway.fetch.YamlFetcher;
import io.grid.routes.gateway.lifecycle.OrderLifecycleRoutes;
import io.grid.routes.gateway.market.MarketOrderBook;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.simulated.SimulatedCluster;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A provider's gateway for tests, built by {@link GatewayAssembly} as in production from its real parts: a real
 * Anvil chain with the contracts, an embedded Derby database, the simulated cluster, and the gateway's Camel routes
 * and reverse proxy over real HTTP on loopback. Provider 1 runs this gateway; provider 2 is another registered
 * provider.
 */
public class TestGateway implements AutoCloseable {

    /** A small order: one core, 512 MiB, 1 GiB. */
    public static final Resources SMALL = ChainScenario.SMALL;
    static final Json JSON = new Json();
    static final OutboxSettings FAST_OUTBOX = new OutboxSettings(Duration.ofMillis(100), Duration.ofSeconds(30),
            Duration.ofMillis(200), Duration.ofSeconds(2));

    /** How long a refused deploy waits for its refund; generous, the outbox polls every 100 ms. */
    static final Duration REFUND_TIMEOUT = Duration.ofSeconds(20);
    /** How long this gateway keeps an order's logs after teardown. */
    public static final Duration RETENTION = Duration.ofHours(24);

    final LocalChain chain;
    final ChainScenario scenario;
    final Credentials provider;
    final DataSource dataSource;
    final MarketOrderBook book;
    final SimulatedCluster cluster;
    final YamlServer yaml;
    final GatewayAssembly gateway;
    final GatewayProxy proxy;
    /** How far ahead of the system clock the retained logs' clock runs (tests move it to expire them). */
    final AtomicReference<Duration> retentionClockAhead = new AtomicReference<>(Duration.ZERO);
    final CamelContext camel = new DefaultCamelContext();
    final int port = freePort();
    final HttpClient http = HttpClient.newHttpClient();

    private TestGateway(Path directory, Resources allocatable) throws Exception {
        chain = LocalChain.start();
        scenario = new ChainScenario(chain);
        provider = chain.provider(1);
        scenario.registerProvider(provider);
        scenario.registerProvider(chain.provider(2));
        dataSource = TestDatabase.inSchema(directory.resolve("gateway-db"), "GRID_GATEWAY");
        book = new MarketOrderBook(chain.web3j(), Address.of(chain.market().getContractAddress()),
                Address.of(chain.registry().getContractAddress()));
        cluster = SimulatedCluster.start();
        yaml = YamlServer.start();
        GatewaySettings settings = GatewaySettings.of(URI.create("http://127.0.0.1:" + port), LocalChain.CHAIN_ID,
                        allocatable)
                .withAcceptTimeout(REFUND_TIMEOUT).withReadinessTimeout(Duration.ofSeconds(20))
                .withLifecyclePeriod(Duration.ofSeconds(1)).withLogRetention(RETENTION, 4096).withOutbox(FAST_OUTBOX);
        gateway = GatewayAssembly.builder(settings)
                .database(dataSource)
                .chain(chain.web3j(), book)
                .provider(provider)
                .cluster(cluster.client(), cluster.kubelet()::entranceOf)
                .cookies(new CookieCodec(CookieCodec.newKey(new SecureRandom())))
                // Loopback is exempt only for the test's YAML server; every other address is judged as in production.
                .yamlSource(YamlSource.of(new YamlFetcher(new UrlPolicy(HostResolver.system(), Set.of("127.0.0.1")),
                        settings.yamlLimits(), Duration.ofSeconds(2), Clock.systemUTC())))
                .chainDescriptions(new ChainDescriptions(chain.web3j(), LocalChain.CHAIN_ID,
                        Address.of(chain.token().getContractAddress()), Address.of(chain.registry().getContractAddress()),
                        Address.of(chain.market().getContractAddress()), 1, chain.rpcUrl()))
                .http(JSON, new Problems(JSON))
                .retentionClock(new RetentionClock())
                .build();
        proxy = gateway.proxy();
        gateway.start();
        gateway.addTo(camel);
        camel.start();
    }

    /** App deployments of this gateway (its outbox, cluster, sessions) that see the chain through {@code view}. */
    public AppDeployments deploymentsOver(OrderBook view) {
        return new AppDeployments(view, gateway.orders(), gateway.sessions(), gateway.yamlSource(), AppCatalog.bundled(),
                new YamlPolicy(), gateway.deployer(), Clock.systemUTC(), gateway.outbox(), REFUND_TIMEOUT);
    }

    /** The gateway's order book over the test chain. */
    public MarketOrderBook book() {
        return book;
    }

    /** Starts a gateway whose cluster can hand out {@code allocatable}, with its chain and database. */
    public static TestGateway start(Path directory, Resources allocatable) throws Exception {
        return new TestGateway(directory, allocatable);
    }

    public LocalChain chain() {
        return chain;
    }

    /** The provider running this gateway. */
    public Credentials provider() {
        return provider;
    }

    /** Another registered provider. */
    public Credentials otherProvider() {
        return chain.provider(2);
    }

    public BigInteger createOrder(Credentials user, Credentials at, Resources resources, long durationSeconds)
            throws Exception {
        return scenario.createOrder(user, at, resources, durationSeconds);
    }

    /** This gateway's provider sets its prices to {@code factor} times the test prices. */
    public void raisePrices(long factor) throws Exception {
        scenario.raisePrices(provider, factor);
    }

    public void cancel(Credentials user, BigInteger orderId) throws Exception {
        scenario.cancel(user, orderId);
    }

    public OrderState chainState(BigInteger orderId) {
        return book.order(orderId).orElseThrow().state();
    }

    public LocalOrder storedOrder(BigInteger orderId) {
        return gateway.orders().find(orderId).orElseThrow();
    }

    public String domain() {
        return gateway.settings().domain();
    }

    public String cookieName() {
        return gateway.settings().cookieName();
    }

    static int freePort() {
        return LoopbackPorts.free();
    }

    // ------------------------------------------------------------------ HTTP

    public HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> greet(int type, BigInteger orderId) throws IOException, InterruptedException {
        return post("/gateway/greet", "{\"type\":" + type + ",\"orderId\":\"" + orderId + "\"}");
    }

    public HttpResponse<String> greetSignIn(BigInteger orderId, String message, String signature)
            throws IOException, InterruptedException {
        return post("/gateway/greet", JSON.mapper().createObjectNode().put("type", 2).put("orderId", orderId.toString())
                .put("message", message).put("signature", signature).toString());
    }

    public static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.mapper().readTree(response.body());
    }

    public static String reason(HttpResponse<String> response) throws IOException {
        return body(response).path("reason").asText();
    }

    // ------------------------------------------------------------------ sign-in

    /** A nonce handed out by the gateway for {@code orderId}. */
    public String nonce(BigInteger orderId) throws IOException, InterruptedException {
        return body(get("/gateway/orders/" + orderId + "/nonce")).get("nonce").asText();
    }

    /** The sign-in message {@code user} writes for {@code orderId} with {@code nonce}. */
    public SignInMessage message(Credentials user, BigInteger orderId, String nonce, String domain) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new SignInMessage(domain, Address.of(user.getAddress()), "Sign in to GRID order " + orderId,
                gateway.settings().publicUrl().toString(), LocalChain.CHAIN_ID, orderId, nonce, now, now.plus(Duration.ofHours(1)));
    }

    public static String sign(Credentials user, String text) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), user.getEcKeyPair());
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    /** Greets 0, 1 and 2 for the order as {@code user}; returns the session token. */
    public String acceptAndSignIn(Credentials user, BigInteger orderId) throws IOException, InterruptedException {
        requireOk(greet(0, orderId));
        requireOk(greet(1, orderId));
        String text = message(user, orderId, nonce(orderId), gateway.settings().domain()).text();
        HttpResponse<String> signedIn = greetSignIn(orderId, text, sign(user, text));
        requireOk(signedIn);
        return body(signedIn).get("token").asText();
    }

    private static void requireOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("expected 200, got " + response.statusCode() + ": " + response.body());
        }
    }

    // ------------------------------------------------------------------ deploy and proxy

    /** Serves {@code text} as YAML from the local server; returns its URL. */
    public String serveYaml(String name, String text) {
        return yaml.serve(name, text);
    }

    public HttpResponse<String> deploy(String body, String... headers) throws IOException, InterruptedException {
        return post("/gateway/deploy", body, headers);
    }

    public static String deployUrl(BigInteger orderId, String url) {
        return JSON.mapper().createObjectNode().put("orderId", orderId.toString()).put("yamlUrl", url).toString();
    }

    public static String deployTemplate(BigInteger orderId, String templateId) {
        return JSON.mapper().createObjectNode().put("orderId", orderId.toString()).put("templateId", templateId)
                .toString();
    }

    /** The Cookie header carrying {@code token} as the gateway's cookie. */
    public String cookie(String token) {
        return gateway.settings().cookieName() + "=" + token;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI gatewayUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A GET through the reverse proxy to the order's app. */
    public HttpResponse<String> throughProxy(BigInteger orderId, String appPath, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + proxy.port() + "/orders/" + orderId + "/app" + appPath)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs one lifecycle pass now, through its direct endpoint; returns how many orders it ended. */
    public int sweep() {
        return camel.createProducerTemplate().requestBody(OrderLifecycleRoutes.SWEEP, null, Integer.class);
    }

    public SimulatedCluster cluster() {
        return cluster;
    }

    public BigInteger earnings() throws Exception {
        return scenario.earnings(provider);
    }

    /** The system clock, {@link #retentionClockAhead} ahead. */
    private final class RetentionClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(retentionClockAhead.get());
        }
    }

    /** Moves the retained logs' clock {@code by} ahead of the system clock. */
    public void moveRetentionClock(Duration by) {
        retentionClockAhead.set(by);
    }

    /** The HTTP client of the tests, for streaming answers. */
    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        camel.stop();
        gateway.close();
        yaml.close();
        cluster.close();
        chain.close();
    }
}
