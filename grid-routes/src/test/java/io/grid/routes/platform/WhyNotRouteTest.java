package io.grid.routes.platform;

import static io.grid.routes.platform.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.core.fetch.HostResolver;
import io.grid.core.fetch.UrlPolicy;
import io.grid.routes.GridRoutes;
import io.grid.routes.platform.service.GatewayProbes;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * {@code POST /providers/why} and the gateway probes on Anvil and Derby (or PostgreSQL), with five registered
 * providers: one that fits, one too small, one too expensive, one whose gateway is a loopback port nobody listens on,
 * and one with another GPU model. The live gateways are a loopback HTTP server answering {@code /health}.
 */
class WhyNotRouteTest {

    private static final String A100 = "NVIDIA-A100";
    private static final Resources BIG = new Resources(4000, 8192, 100, 2, A100);
    private static final Resources ASKED = new Resources(1000, 1024, 10, 1, A100);
    private static final UnitPrices CHEAP = UnitPrices.of(1, 1, 1, 100);
    private static final UnitPrices DEAR = UnitPrices.of(1000, 1000, 1000, 100_000);
    private static final long DURATION = 3600;

    @TempDir
    static Path directory;
    static PlatformFixture fixture;
    static HttpServer gateway;
    static String upUrl;
    static String deadUrl;
    static Credentials fits;
    static Credentials small;
    static Credentials dear;
    static Credentials offline;
    static Credentials otherModel;
    static BigInteger limit;

    @BeforeAll
    static void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
        upUrl = "http://127.0.0.1:" + gateway.getAddress().getPort();
        deadUrl = "http://127.0.0.1:" + LoopbackPorts.free();
        // Loopback is exempt from the URL policy here only; the interval keeps the scheduled pass out of the way.
        GatewayProbeSettings probes = new GatewayProbeSettings(Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofDays(31), new UrlPolicy(HostResolver.system(), Set.of("127.0.0.1")));
        fixture = new PlatformFixture(directory, probes);
        fits = fixture.chain.provider(1);
        small = fixture.chain.provider(2);
        dear = fixture.chain.provider(3);
        offline = fixture.chain.provider(4);
        otherModel = fixture.chain.user(4);
        register(fits, BIG, CHEAP, upUrl);
        register(small, new Resources(500, 8192, 100, 2, A100), CHEAP, upUrl + "/");
        register(dear, BIG, DEAR, upUrl);
        register(offline, BIG, CHEAP, deadUrl);
        register(otherModel, new Resources(4000, 8192, 100, 2, "NVIDIA-H100"), CHEAP, upUrl);
        limit = fixture.costNow(fits, ASKED, DURATION).multiply(BigInteger.TEN);
    }

    private static void register(Credentials provider, Resources capacity, UnitPrices prices, String url)
            throws Exception {
        HttpResponse<String> answer = fixture.register(provider, capacity, prices, url);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    private static GatewayProbes.Pass probePass() {
        return fixture.camel.createProducerTemplate().requestBody(
                GridRoutes.stepUri(GridRoutes.PLATFORM_GATEWAY_PROBE), null, GatewayProbes.Pass.class);
    }

    private static Map<String, JsonNode> byProvider(JsonNode answers, String key) {
        Map<String, JsonNode> map = new HashMap<>();
        answers.forEach(a -> map.put(a.path(key).asText(), a));
        return map;
    }

    private static Map<String, Object> whyRequest(Resources resources, long duration, BigInteger maxCost) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resources", resources);
        body.put("durationSeconds", duration);
        if (maxCost != null) {
            body.put("maxCost", maxCost);
        }
        return body;
    }

    @Test
    void answersForEveryProviderItsCostOrEveryReasonItCannotServe() throws Exception {
        assertThat(probePass().offline()).isEqualTo(1);

        HttpResponse<String> response = fixture.post("/providers/why", whyRequest(ASKED, DURATION, limit));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answers = json(response);
        assertThat(answers).hasSize(5);
        Map<String, JsonNode> by = byProvider(answers, "provider");

        JsonNode fit = by.get(fits.getAddress());
        assertThat(fit.path("fits").asBoolean()).isTrue();
        assertThat(fit.path("reasons")).isEmpty();
        BigInteger cost = fixture.costNow(fits, ASKED, DURATION);
        assertThat(new BigInteger(fit.path("cost").asText())).isEqualTo(cost);
        JsonNode quote = json(fixture.post("/orders/quote", Map.of("provider", fits.getAddress(),
                "resources", ASKED, "durationSeconds", DURATION)));
        assertThat(quote.path("cost").asText()).isEqualTo(cost.toString());
        assertThat(answers.get(0).path("provider").asText()).as("those that fit come first").isEqualTo(fits.getAddress());

        assertThat(reasons(by.get(small.getAddress()))).containsExactly(
                Map.of("code", "INSUFFICIENT_RESOURCE", "resource", "cpuMillicores", "asked", "1000", "free", "500"));

        assertThat(reasons(by.get(dear.getAddress()))).containsExactly(Map.of("code", "PRICE_ABOVE_LIMIT",
                "cost", fixture.costNow(dear, ASKED, DURATION).toString(), "limit", limit.toString()));

        assertThat(reasons(by.get(offline.getAddress()))).containsExactly(Map.of("code", "GATEWAY_OFFLINE"));
        assertThat(by.get(offline.getAddress()).path("gateway").path("online").asBoolean()).isFalse();

        assertThat(reasons(by.get(otherModel.getAddress()))).containsExactly(
                Map.of("code", "GPU_MODEL_ABSENT", "gpuModel", A100, "offered", "NVIDIA-H100"));
    }

    @Test
    void anyModelAndNoLimitLeaveOnlyTheOfflineAndTheTooSmallOut() {
        probePass();
        JsonNode answers = json(fixture.post("/providers/why",
                whyRequest(new Resources(1000, 1024, 10, 1, "any"), DURATION, null)));

        Map<String, JsonNode> by = byProvider(answers, "provider");
        assertThat(by.get(otherModel.getAddress()).path("fits").asBoolean()).isTrue();
        assertThat(by.get(dear.getAddress()).path("fits").asBoolean()).isTrue();
        assertThat(by.get(small.getAddress()).path("fits").asBoolean()).isFalse();
        assertThat(by.get(offline.getAddress()).path("fits").asBoolean()).isFalse();
    }

    @Test
    void theProbeMarksAnUpGatewayOnlineAndADeadOneOfflineWithTheirUptime() {
        GatewayProbes.Pass pass = probePass();
        assertThat(pass.online()).isEqualTo(4);
        assertThat(pass.offline()).isEqualTo(1);

        Map<String, JsonNode> listed = byProvider(json(fixture.get("/providers")), "address");
        JsonNode up = listed.get(fits.getAddress().toLowerCase()) != null ? listed.get(fits.getAddress().toLowerCase())
                : listed.get(fits.getAddress());
        assertThat(up.path("gateway").path("online").asBoolean()).isTrue();
        assertThat(up.path("gateway").path("lastSeen").asText()).isNotEmpty();
        assertThat(up.path("gateway").path("uptime").path("1d").asInt()).isEqualTo(10_000);
        assertThat(up.path("gateway").path("uptime").path("30d").asInt()).isEqualTo(10_000);

        JsonNode down = json(fixture.get("/providers/" + offline.getAddress()));
        assertThat(down.path("gateway").path("online").asBoolean()).isFalse();
        assertThat(down.path("gateway").has("lastSeen")).isFalse();
        assertThat(down.path("gateway").path("uptime").path("7d").asInt()).isZero();
        assertThat(down.path("gateway").path("uptime").has("7d")).isTrue();
    }

    @Test
    void theProbeRunsOnASchedule() {
        assertThat(fixture.camel.getRoute(GridRoutes.timerRouteId(GridRoutes.PLATFORM_GATEWAY_PROBE))).isNotNull();
        assertThat(fixture.camel.getRoute(GridRoutes.timerRouteId(GridRoutes.PLATFORM_GATEWAY_PROBE)).getEndpoint()
                .getEndpointUri()).startsWith("quartz://grid-platform/gateway-probe");
    }

    @Test
    void badRequestsAreRefusedWith400AndAReason() {
        assertProblem(fixture.post("/providers/why", whyRequest(ASKED, 0, null)), "durationSeconds");
        assertProblem(fixture.post("/providers/why", whyRequest(Resources.NONE, DURATION, null)), "resources");
        assertProblem(fixture.post("/providers/why", Map.of("durationSeconds", DURATION)), "resources");
        assertProblem(fixture.post("/providers/why", whyRequest(ASKED, DURATION, BigInteger.valueOf(-1))), "");
        assertProblem(fixture.post("/providers/why", whyRequest(ASKED, DURATION, BigInteger.TWO.pow(256))), "");
        Map<String, Object> extra = whyRequest(ASKED, DURATION, null);
        extra.put("privateKey", "0x01");
        assertProblem(fixture.post("/providers/why", extra), "");
        assertProblem(fixture.post("/providers/why", "{not json"), "");
    }

    private static void assertProblem(HttpResponse<String> response, String detailMentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("reason").asText()).isNotEmpty();
        assertThat(problem.path("detail").asText()).contains(detailMentions);
    }

    private static List<Map<String, String>> reasons(JsonNode answer) {
        assertThat(answer.path("fits").asBoolean()).as(answer.toString()).isFalse();
        List<Map<String, String>> reasons = new java.util.ArrayList<>();
        answer.path("reasons").forEach(r -> {
            Map<String, String> fields = new HashMap<>();
            r.properties().forEach(f -> fields.put(f.getKey(), f.getValue().asText()));
            reasons.add(fields);
        });
        return reasons;
    }
}
