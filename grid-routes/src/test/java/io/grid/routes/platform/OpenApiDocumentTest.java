package io.grid.routes.platform;

import static io.grid.routes.platform.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.routes.gateway.TestGateway;
import io.grid.routes.http.Json;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The platform's and the gateway's {@code /openapi.json} are complete and true: every operation documents a 2xx
 * answer with a schema and an example (each example valid against its schema) and its problem+json refusals with
 * their reason codes, and live answers of the operations, successful and refused, validate against the document
 * (Atlassian's swagger-request-validator). An operation added without schemas fails here.
 */
class OpenApiDocumentTest {

    private static final Json JSON = new Json();
    private static final Resources CAPACITY = Resources.of(4000, 8192, 100);
    private static final Resources SMALL = Resources.of(500, 512, 1);
    private static final UnitPrices PRICES = UnitPrices.of(1_000_000, 200_000, 3_000_000, 0);
    private static final BigInteger TOKENS = new BigInteger("1000000000000000000000");
    /** Operations that answer without problem+json when down: the health report itself says DOWN. */
    private static final Set<String> REPORTS_INSTEAD_OF_PROBLEMS = Set.of("grid-platform-health-rest");

    @TempDir
    static Path directory;
    static PlatformFixture platform;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformFixture(directory.resolve("platform"));
        gateway = TestGateway.start(directory.resolve("gateway"), Resources.of(32_000, 65_536, 500));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyOperationDocumentsItsAnswerWithASchemaAnExampleAndItsProblemReasons() throws Exception {
        List<String> operations = new ArrayList<>();
        operations.addAll(assertComplete(platform.get("/openapi.json").body()));
        operations.addAll(assertComplete(gateway.get("/openapi.json").body()));

        assertThat(operations).doesNotHaveDuplicates().contains("grid-platform-provider-register-rest",
                "grid-platform-order-create-rest", "grid-platform-health-rest", "grid-platform-typed-data-rest",
                "grid-gateway-greet-rest", "grid-gateway-deploy-rest", "grid-gateway-app-logs-rest",
                "grid-gateway-app-events-rest", "grid-gateway-catalog-rest");
    }

    @Test
    void livePlatformAnswersMatchTheDocument() throws Exception {
        Checked api = new Checked(platform.get("/openapi.json").body(), platform::uri);
        Credentials provider = platform.chain.provider(1);
        Credentials user = platform.chain.user(1);
        String p = provider.getAddress();
        String u = user.getAddress();

        api.send("POST", "/providers", JSON.mapper().writeValueAsString(
                platform.providerTerms(provider, CAPACITY, PRICES, false, platform.deadline())), 201);
        api.send("POST", "/providers", JSON.mapper().writeValueAsString(
                platform.providerTerms(provider, CAPACITY, PRICES, false, platform.deadline())), 409);
        api.send("PUT", "/providers/" + p, JSON.mapper().writeValueAsString(
                platform.providerTerms(provider, CAPACITY, PRICES, true, platform.deadline())), 200);
        api.send("GET", "/providers?minCpuMillicores=500&sort=price", null, 200);
        api.send("GET", "/providers?sort=cheapest", null, 400);
        api.send("GET", "/providers/" + p, null, 200);
        api.send("GET", "/providers/0x1234", null, 400);
        api.send("GET", "/providers/" + u, null, 404);
        api.send("GET", "/chain", null, 200);
        api.send("GET", "/health", null, 200);

        String tx = platform.transferToMarket(user, TOKENS);
        api.send("POST", "/transfers", "{\"txHash\":\"" + tx + "\"}", 200);
        api.send("POST", "/transfers", "{\"txHash\":\"0x12\"}", 400);
        for (int i = 1; i < PlatformFixture.CONFIRMATIONS; i++) {
            platform.chain.mine();
        }
        api.send("POST", "/transfers/" + tx + "/refresh", null, 200);
        api.send("GET", "/transfers?user=" + u, null, 200);
        api.send("GET", "/transfers", null, 400);
        String purchase = "{\"txHash\":\"" + tx + "\",\"logIndex\":" + platform.logIndexOf(tx) + "}";
        api.send("POST", "/credits/purchase", purchase, 200);
        api.send("GET", "/credits/" + u, null, 200);

        String quote = "{\"provider\":\"" + p + "\",\"resources\":" + JSON.mapper().writeValueAsString(SMALL)
                + ",\"durationSeconds\":600}";
        api.send("POST", "/orders/quote", quote, 200);
        api.send("POST", "/orders/quote", quote.replace("600", "-1"), 400);
        HttpResponse<String> toSign = api.send("POST", "/typed-data/create-order", "{\"user\":\"" + u
                + "\",\"provider\":\"" + p + "\",\"resources\":" + JSON.mapper().writeValueAsString(SMALL)
                + ",\"durationSeconds\":600}", 200);
        ObjectNode order = (ObjectNode) json(toSign).get("submit").get("body");
        order.put("signature", PlatformSigningTest.sign(user, json(toSign).get("typedData")));
        String orderId = json(api.send("POST", "/orders", order.toString(), 201)).get("id").asText();
        api.send("POST", "/orders", order.toString(), 401);
        api.send("GET", "/orders?user=" + u, null, 200);
        api.send("GET", "/orders?user=" + u + "&provider=" + p, null, 400);
        api.send("GET", "/orders/" + orderId, null, 200);
        api.send("GET", "/orders/999999", null, 404);
        api.send("POST", "/orders/" + orderId + "/cancel",
                JSON.mapper().writeValueAsString(platform.cancelRequest(user, new BigInteger(orderId))), 200);
        api.send("POST", "/typed-data/transfer-everything", "{\"user\":\"" + u + "\"}", 404);
        api.send("POST", "/typed-data/withdraw-credits", "{\"user\":\"" + u + "\",\"amount\":\"1\"}", 200);
        api.send("POST", "/providers/" + p + "/deregister", JSON.mapper().writeValueAsString(Map.of("provider", p,
                "nonce", "0", "deadline", "1", "signature", "0x00")), 400);

        assertThat(api.operationsSeen()).as("platform operations answered").hasSizeGreaterThanOrEqualTo(18);
    }

    @Test
    void liveGatewayAnswersMatchTheDocument() throws Exception {
        Checked api = new Checked(gateway.get("/openapi.json").body(), gateway::gatewayUri);
        Credentials user = gateway.chain().user(1);
        BigInteger order = gateway.createOrder(user, gateway.provider(), TestGateway.SMALL, 3_600);

        api.send("POST", "/gateway/greet", "{\"type\":0,\"orderId\":\"" + order + "\"}", 200);
        api.send("POST", "/gateway/greet", "{\"type\":0,\"orderId\":\"99999\"}", 404);
        api.send("GET", "/gateway/orders/" + order + "/nonce", null, 409);
        api.send("GET", "/gateway/orders/" + order + "/sign-in?address=" + user.getAddress(), null, 409);
        String token = gateway.acceptAndSignIn(user, order);
        api.send("GET", "/gateway/orders/" + order + "/nonce", null, 200);
        api.send("GET", "/gateway/orders/" + order + "/sign-in?address=" + user.getAddress(), null, 200);
        api.send("GET", "/gateway/catalog", null, 200);
        api.send("GET", "/chain", null, 200);
        String bearer = "Bearer " + token;
        api.send("POST", "/gateway/deploy", TestGateway.deployTemplate(order, "web-server"), 200, 202,
                "Authorization", bearer);
        api.send("POST", "/gateway/deploy", TestGateway.deployTemplate(order, "no-such-template"), 404,
                "Authorization", bearer);
        api.send("POST", "/gateway/deploy", TestGateway.deployTemplate(order, "web-server"), 401);
        api.send("GET", "/gateway/orders/" + order + "/app", null, 200, "Authorization", bearer);
        api.send("GET", "/gateway/orders/" + order + "/app", null, 401);
        api.send("GET", "/gateway/orders/" + order + "/app/events", null, 200, "Authorization", bearer);
        api.send("GET", "/gateway/orders/" + order + "/app/logs?tail=10", null, 200, "Authorization", bearer);
        api.send("GET", "/gateway/orders/" + order + "/app/logs?tail=x", null, 400, "Authorization", bearer);
        api.send("PUT", "/gateway/orders/" + order + "/app", TestGateway.deployTemplate(order, "web-server"), 200, 202,
                "Authorization", bearer);
        api.send("DELETE", "/gateway/orders/" + order + "/app", null, 204, "Authorization", bearer);

        assertThat(api.operationsSeen()).as("gateway operations answered").hasSizeGreaterThanOrEqualTo(11);
    }

    // ------------------------------------------------------------------ the document's completeness

    /** Asserts every operation of {@code document} is complete; returns their operation ids. */
    private static List<String> assertComplete(String document) throws Exception {
        JsonNode root = JSON.mapper().readTree(document);
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .build();
        List<String> ids = new ArrayList<>();
        root.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            String method = entry.getKey().toUpperCase();
            JsonNode operation = entry.getValue();
            String id = operation.path("operationId").asText();
            String where = id + " (" + method + " " + path.getKey() + ")";
            ids.add(id);
            assertThat(operation.path("summary").asText()).as(where + " summary").isNotBlank();
            List<String> successes = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            operation.path("responses").properties().forEach(response -> {
                String code = response.getKey();
                JsonNode answer = response.getValue();
                assertThat(answer.path("description").asText()).as(where + " " + code + " description").isNotBlank();
                if (code.startsWith("2")) {
                    successes.add(code);
                    if (!code.equals("204")) {
                        assertDocumentedWithValidExamples(validator, where, method, path.getKey(), code, answer);
                    }
                } else if (answer.path("content").path("application/problem+json").path("schema").path("$ref")
                        .asText().endsWith("/Problem")) {
                    assertThat(answer.path("description").asText()).as(where + " " + code + " lists its reasons")
                            .matches("Problem: [A-Z][A-Z_<>]+.*");
                    problems.add(code);
                }
            });
            assertThat(successes).as(where + " has a 2xx answer").isNotEmpty();
            if (!REPORTS_INSTEAD_OF_PROBLEMS.contains(id)) {
                assertThat(problems).as(where + " lists problem+json answers").isNotEmpty();
            }
        }));
        return ids;
    }

    private static void assertDocumentedWithValidExamples(OpenApiInteractionValidator validator, String where,
                                                          String method, String path, String code, JsonNode answer) {
        JsonNode content = answer.path("content");
        assertThat(content.properties()).as(where + " " + code + " has content").isNotEmpty();
        content.properties().forEach(media -> {
            if (media.getKey().equals("application/problem+json")) {
                return;
            }
            assertThat(media.getValue().has("schema")).as(where + " " + code + " " + media.getKey() + " schema")
                    .isTrue();
            JsonNode examples = media.getValue().path("examples");
            assertThat(examples.size()).as(where + " " + code + " " + media.getKey() + " example").isPositive();
            examples.properties().forEach(example -> {
                SimpleResponse response = SimpleResponse.Builder.status(Integer.parseInt(code))
                        .withContentType(media.getKey()).withBody(example.getValue().path("value").asText()).build();
                ValidationReport report = validator.validateResponse(concrete(path), Request.Method.valueOf(method),
                        response);
                assertThat(report.getMessages()).as(where + " example " + example.getKey()).isEmpty();
            });
        });
    }

    /** A path the template matches: every {parameter} as a number (valid for ids, and a string too). */
    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "1");
    }

    // ------------------------------------------------------------------ live answers

    /** Sends requests and validates each request and its answer against the service's document. */
    private static final class Checked {

        private final OpenApiInteractionValidator validator;
        private final java.util.function.Function<String, URI> uri;
        private final Set<String> seen = new java.util.TreeSet<>();

        Checked(String document, java.util.function.Function<String, URI> uri) {
            this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
            this.uri = uri;
        }

        HttpResponse<String> send(String method, String path, String body, int status, String... headers)
                throws Exception {
            return send(method, path, body, status, status, headers);
        }

        HttpResponse<String> send(String method, String path, String body, int status, int orStatus, String... headers)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri.apply(path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<String> response = gateway.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            String what = method + " " + path + " answered " + response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as(what).isIn(status, orStatus);

            String[] parts = path.split("\\?", 2);
            SimpleRequest.Builder checked = new SimpleRequest.Builder(method, parts[0]);
            if (parts.length > 1) {
                for (String pair : parts[1].split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    checked.withQueryParam(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
                }
            }
            // The typed-data request differs per action and has no schema in the document: only its answer is checked.
            if (body != null && !path.startsWith("/typed-data/")) {
                checked.withBody(body).withContentType("application/json");
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                checked.withHeader(headers[i], headers[i + 1]);
            }
            SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode())
                    .withBody(response.body());
            response.headers().firstValue("Content-Type").ifPresent(answer::withContentType);
            ValidationReport report = validator.validate(checked.build(), answer.build());
            // Refusals deliberately send what the document forbids; only their answers must match it.
            List<ValidationReport.Message> messages = report.getMessages().stream()
                    .filter(m -> response.statusCode() < 400 || !m.getKey().startsWith("validation.request"))
                    .toList();
            assertThat(messages).as(what).isEmpty();
            seen.add(method + " " + parts[0].replaceAll("/(0x[0-9a-fA-F]+|[0-9]+)(?=/|$)", "/{}"));
            return response;
        }

        Set<String> operationsSeen() {
            return seen;
        }
    }
}
