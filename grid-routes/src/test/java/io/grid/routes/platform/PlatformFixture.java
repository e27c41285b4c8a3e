package io.grid.routes.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.routes.http.Json;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.platform.transfers.ConfirmationSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * One real platform for a test class: Anvil with fresh contracts ({@link LocalChain}), an embedded Derby database,
 * the {@link PlatformAssembly} routes in a Camel context listening on a free loopback port, and an HTTP client.
 * Tests of one class share it and keep apart by using different dev accounts.
 */
final class PlatformFixture implements AutoCloseable {

    static final int CONFIRMATIONS = 3;
    static final Json JSON = new Json();
    private static final Duration WAIT = Duration.ofSeconds(30);

    final LocalChain chain;
    final PlatformAssembly platform;
    final CamelContext camel;
    final int port;
    final RegistrySignatures registrySignatures;
    final MarketSignatures marketSignatures;
    private final HttpClient http = HttpClient.newHttpClient();

    PlatformFixture(Path directory) throws Exception {
        this(directory, GatewayProbeSettings.defaults());
    }

    /** A platform whose gateway probes follow {@code probes} (tests exempt their loopback gateways). */
    PlatformFixture(Path directory, GatewayProbeSettings probes) throws Exception {
        chain = LocalChain.start();
        port = LoopbackPorts.free();
        PlatformSettings settings = new PlatformSettings("127.0.0.1", port, LocalChain.CHAIN_ID,
                new ConfirmationSettings(CONFIRMATIONS, 0, 10_000, BigInteger.valueOf(300_000)),
                new OutboxSettings(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100),
                        Duration.ofSeconds(2)),
                Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), BigInteger.valueOf(2_000_000),
                WAIT, Duration.ZERO, 0).withGatewayProbe(probes);
        ContractAddresses contracts = new ContractAddresses(Address.of(chain.token().getContractAddress()),
                Address.of(chain.registry().getContractAddress()), Address.of(chain.market().getContractAddress()));
        platform = new PlatformAssembly(TestDatabase.empty(directory), chain.web3j(), chain.rpcUrl(), contracts,
                chain.platform(), settings, Clock.systemUTC());
        camel = new DefaultCamelContext();
        platform.addRoutesTo(camel);
        camel.start();
        registrySignatures = new RegistrySignatures(LocalChain.CHAIN_ID, contracts.registry().value());
        marketSignatures = new MarketSignatures(LocalChain.CHAIN_ID, contracts.market().value());
    }

    @Override
    public void close() {
        camel.stop();
        platform.close();
        chain.close();
    }

    // ------------------------------------------------------------------ HTTP

    HttpResponse<String> post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text
                        : new String(JSON.write(body), java.nio.charset.StandardCharsets.UTF_8))).build());
    }

    HttpResponse<String> put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.write(body))).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GETs {@code path} until its JSON body satisfies {@code until}, or fails after a deadline. */
    JsonNode awaitGet(String path, Predicate<JsonNode> until) {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get(path);
            last = json(response);
            if (response.statusCode() == 200 && until.test(last)) {
                return last;
            }
            // Each GET reads the chain, which paces the loop; the jobs run on their own threads meanwhile.
            chain.blockNumber();
        }
        throw new AssertionError("GET " + path + " never satisfied the condition; last answer: " + last);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ signed requests

    BigInteger deadline() {
        return BigInteger.valueOf(chain.latestTimestamp() + 3600);
    }

    Map<String, Object> providerTerms(Credentials provider, Resources capacity, UnitPrices prices, boolean update,
                                      BigInteger deadline) throws Exception {
        return providerTerms(provider, capacity, prices, update, deadline,
                "https://gateway-" + provider.getAddress().substring(2, 8) + ".example");
    }

    Map<String, Object> providerTerms(Credentials provider, Resources capacity, UnitPrices prices, boolean update,
                                      BigInteger deadline, String url) throws Exception {
        BigInteger nonce = chain.registry().nonces(provider.getAddress()).send();
        String name = "provider " + provider.getAddress().substring(2, 8);
        byte[] signature = update
                ? registrySignatures.signUpdate(provider, name, url, capacity, prices, nonce, deadline)
                : registrySignatures.signRegister(provider, name, url, capacity, prices, nonce, deadline);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider.getAddress());
        body.put("name", name);
        body.put("gatewayUrl", url);
        body.put("capacity", capacity);
        body.put("prices", prices);
        body.put("nonce", nonce);
        body.put("deadline", deadline);
        body.put("signature", Numeric.toHexString(signature));
        return body;
    }

    /** A signed order whose {@code maxCost} is its cost at the registry's prices now, as a quote answers it. */
    Map<String, Object> orderRequest(Credentials user, Credentials provider, Resources resources, long duration,
                                     BigInteger deadline) throws Exception {
        return orderRequest(user, provider, resources, duration, deadline, costNow(provider, resources, duration));
    }

    /** The cost of an order at the registry's prices now, what a quote answers. */
    BigInteger costNow(Credentials provider, Resources resources, long duration) throws Exception {
        return chain.registry().pricePerSecondOf(provider.getAddress(), BigInteger.valueOf(resources.cpuMillicores()),
                BigInteger.valueOf(resources.memoryMib()), BigInteger.valueOf(resources.storageGib()),
                BigInteger.valueOf(resources.gpuCount())).send().multiply(BigInteger.valueOf(duration));
    }

    Map<String, Object> orderRequest(Credentials user, Credentials provider, Resources resources, long duration,
                                     BigInteger deadline, BigInteger maxCost) throws Exception {
        BigInteger nonce = chain.market().nonces(user.getAddress()).send();
        byte[] signature = marketSignatures.signCreateOrder(user, provider.getAddress(), resources.cpuMillicores(),
                resources.memoryMib(), resources.storageGib(), resources.gpuCount(), duration, maxCost, nonce, deadline);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.getAddress());
        body.put("provider", provider.getAddress());
        body.put("resources", resources);
        body.put("durationSeconds", duration);
        body.put("maxCost", maxCost);
        body.put("nonce", nonce);
        body.put("deadline", deadline);
        body.put("signature", Numeric.toHexString(signature));
        return body;
    }

    Map<String, Object> cancelRequest(Credentials user, BigInteger orderId) throws Exception {
        BigInteger nonce = chain.market().nonces(user.getAddress()).send();
        BigInteger deadline = deadline();
        byte[] signature = marketSignatures.signCancelOrder(user, orderId, nonce, deadline);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.getAddress());
        body.put("nonce", nonce);
        body.put("deadline", deadline);
        body.put("signature", Numeric.toHexString(signature));
        return body;
    }

    /** Registers {@code provider} through the API and returns the answer. */
    HttpResponse<String> register(Credentials provider, Resources capacity, UnitPrices prices) throws Exception {
        return post("/providers", providerTerms(provider, capacity, prices, false, deadline()));
    }

    /** Registers {@code provider} with its gateway at {@code gatewayUrl} through the API and returns the answer. */
    HttpResponse<String> register(Credentials provider, Resources capacity, UnitPrices prices, String gatewayUrl)
            throws Exception {
        return post("/providers", providerTerms(provider, capacity, prices, false, deadline(), gatewayUrl));
    }

    /** Sends {@code amount} tokens from {@code user} to the market, directly on chain; returns the tx hash. */
    String transferToMarket(Credentials user, BigInteger amount) throws Exception {
        return chain.token(user).transfer(chain.market().getContractAddress(), amount).send().getTransactionHash();
    }

    /** The whole credit path through the API: transfer, report, confirmations, purchase. */
    JsonNode buyCredits(Credentials user, BigInteger amount) throws Exception {
        String tx = transferToMarket(user, amount);
        post("/transfers", Map.of("txHash", tx));
        for (int i = 1; i < CONFIRMATIONS; i++) {
            chain.mine();
        }
        post("/transfers/" + tx + "/refresh", "");
        return json(post("/credits/purchase", Map.of("txHash", tx, "logIndex", logIndexOf(tx))));
    }

    long logIndexOf(String tx) throws Exception {
        return chain.web3j().ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElseThrow()
                .getLogs().get(0).getLogIndex().longValueExact();
    }
}
