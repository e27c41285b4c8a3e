package io.grid.routes.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grid.api.Resources;
import io.grid.routes.gateway.TestGateway;
import io.grid.routes.http.RequestNumbers.InvalidNumberException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every numeric field of every request body the platform and the gateway document in their live
 * {@code /openapi.json} is range-checked against its on-chain type: negative, fractional, exponent, hex and
 * too-large values are a 400 problem whose reason and detail name the field, never a 500. The fields come from
 * the documents, so a new request field is covered without editing this test; a numeric field documented
 * without an on-chain {@code format} fails it.
 */
class RequestNumberRangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ADDRESS = "0x00000000000000000000000000000000000000aa";

    @TempDir
    static Path platformDirectory;
    @TempDir
    static Path gatewayDirectory;
    static PlatformFixture platform;
    static TestGateway gateway;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        platform = new PlatformFixture(platformDirectory);
        gateway = TestGateway.start(gatewayDirectory, Resources.of(8_000, 16_384, 100));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A numeric request field as the document declares it. */
    record Field(String service, String method, String path, String name, int bits) {
    }

    /** One bad spelling of a number and why it is bad. */
    record BadValue(String what, JsonNode value) {
    }

    static List<BadValue> badValues(int bits) {
        BigInteger limit = BigInteger.ONE.shiftLeft(bits);
        return List.of(
                new BadValue("negative", NODES.numberNode(-1)),
                new BadValue("negative string", NODES.textNode("-1")),
                new BadValue("fraction", NODES.numberNode(1.5)),
                new BadValue("fraction string", NODES.textNode("1.5")),
                new BadValue("exponent", NODES.numberNode(new java.math.BigDecimal("1E3"))),
                new BadValue("exponent string", NODES.textNode("1e3")),
                new BadValue("hex string", NODES.textNode("0x10")),
                new BadValue("2^bits", NODES.numberNode(limit)),
                new BadValue("2^bits string", NODES.textNode(limit.toString())),
                new BadValue("2^256", NODES.textNode(BigInteger.ONE.shiftLeft(256).toString())),
                new BadValue("80 digits", NODES.textNode("9".repeat(80))),
                new BadValue("boolean", NODES.booleanNode(true)),
                new BadValue("empty string", NODES.textNode("")));
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedNumericRequestFieldRefusesEveryBadNumberWith400NamingIt() throws Exception {
        List<Field> fields = new ArrayList<>();
        fields.addAll(numericFields("platform", document(platform.uri("/openapi.json"))));
        fields.addAll(numericFields("gateway", document(gateway.gatewayUri("/openapi.json"))));

        assertThat(fields).extracting(Field::name).contains("nonce", "deadline", "maxCost", "durationSeconds",
                "resources.cpuMillicores", "resources.gpuCount", "prices.perGpu", "capacity.memoryMib", "orderId",
                "logIndex");
        return fields.stream().flatMap(field -> badValues(field.bits()).stream().map(bad -> DynamicTest.dynamicTest(
                field.service() + " " + field.method() + " " + field.path() + " " + field.name() + " = " + bad.what(),
                () -> refuses(field, bad))));
    }

    private static void refuses(Field field, BadValue bad) throws Exception {
        Function<String, URI> base = "platform".equals(field.service()) ? platform::uri : gateway::gatewayUri;
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.apply(concrete(field.path())))
                .header("Content-Type", "application/json")
                .method(field.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(bodyWith(field.name(), bad.value())))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("reason").asText()).isEqualTo(InvalidNumberException.reasonFor(field.name()));
        assertThat(problem.path("detail").asText()).contains("'" + field.name() + "'").contains("uint" + field.bits());
    }

    /** A body holding only the field under test (nested as its path says): the numbers are checked first. */
    private static ObjectNode bodyWith(String path, JsonNode value) {
        ObjectNode body = NODES.objectNode();
        ObjectNode at = body;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
        return body;
    }

    private static String concrete(String template) {
        return template.replaceAll("\\{address}", ADDRESS).replaceAll("\\{[A-Za-z]+}", "1");
    }

    private static JsonNode document(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Every numeric property of every JSON request body in the document; fails on one without an on-chain type. */
    static List<Field> numericFields(String service, JsonNode document) {
        List<Field> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                JsonNode schema = operation.getValue().path("requestBody").path("content").path("application/json")
                        .path("schema");
                if (!schema.isMissingNode()) {
                    collect(service, operation.getKey(), path.getKey(), "", resolve(document, schema), document, fields);
                }
            }
        }
        return fields;
    }

    private static void collect(String service, String method, String path, String prefix, JsonNode schema,
                                JsonNode document, List<Field> fields) {
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode value = resolve(document, property.getValue());
            String name = prefix + property.getKey();
            String format = value.path("format").asText("");
            String type = value.path("type").asText("");
            if (format.matches("uint(32|64|256)")) {
                fields.add(new Field(service, method, path, name, Integer.parseInt(format.substring(4))));
            } else if (type.equals("integer") || type.equals("number")) {
                throw new AssertionError(service + " " + method + " " + path + ": numeric field " + name
                        + " has no on-chain type (format uint32/uint64/uint256)");
            } else if (value.has("properties")) {
                collect(service, method, path, name + ".", value, document, fields);
            }
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return schema;
    }
}
