package io.grid.routes.http;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.rest.RestBindingMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

    record Payment(Address user, java.math.BigInteger amount) {
        Payment {
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("amount must not be negative");
            }
        }
    }

    static CamelContext camel;
    static int port;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Json JSON = new Json();

    @BeforeAll
    static void startRoutes() throws Exception {
        port = LoopbackPorts.free();
        camel = new DefaultCamelContext();
        camel.addRoutes(new GridRouteBuilder(JSON, new Problems(JSON)) {
            @Override
            protected void routes() {
                restConfiguration().component("netty-http").host("127.0.0.1").port(port)
                        .bindingMode(RestBindingMode.off);
                rest("/t")
                        .post("/payments").routeId("test-payment").to("direct:payment")
                        .get("/refused").routeId("test-refused").to("direct:refused")
                        .get("/missing").routeId("test-missing").to("direct:missing")
                        .get("/broken").routeId("test-broken").to("direct:broken")
                        .get("/outage").routeId("test-outage").to("direct:outage");
                from("direct:payment").process(e -> respond(e, 201,
                        json.read(e.getIn().getBody(java.io.InputStream.class), Payment.class)));
                from("direct:refused").process(e -> {
                    throw new RefusedException(Refusal.UNDERPAID, "order pays 5, provider asks 7");
                });
                from("direct:missing").process(e -> {
                    throw HttpProblemException.notFound("order 9");
                });
                from("direct:broken").process(e -> {
                    throw new IllegalStateException("secret internal detail");
                });
                from("direct:outage").process(e -> {
                    throw new HttpProblemException(io.grid.api.Problem.of(503, "Chain unavailable", "CHAIN_UNAVAILABLE",
                            "the chain node cannot be reached"));
                });
            }
        });
        camel.start();
    }

    @AfterAll
    static void stopRoutes() {
        camel.stop();
    }

    static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode problem(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return JSON.mapper().readTree(response.body());
    }

    @Test
    void acceptsValidBodyAndWritesAmountsAsStrings() throws Exception {
        HttpResponse<String> response = post("/t/payments",
                "{\"user\":\"0x00000000000000000000000000000000000000AA\",\"amount\":12}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(JSON.mapper().readTree(response.body()).get("amount").asText()).isEqualTo("12");
    }

    @Test
    void answersMalformedJsonWith400Problem() throws Exception {
        JsonNode body = problem(post("/t/payments", "{not json"));

        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("reason").asText()).isEqualTo("BAD_REQUEST");
        assertThat(body.get("instance").asText()).isEqualTo("/t/payments");
    }

    @Test
    void answersImpossibleValueWith400ProblemNamingTheRule() throws Exception {
        HttpResponse<String> response = post("/t/payments",
                "{\"user\":\"0x00000000000000000000000000000000000000aa\",\"amount\":-1}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problem(response).get("detail").asText()).contains("negative");
    }

    @Test
    void answersMalformedAddressAndUnknownFieldWith400() throws Exception {
        assertThat(post("/t/payments", "{\"user\":\"0x12\",\"amount\":1}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/t/payments",
                "{\"user\":\"0x00000000000000000000000000000000000000aa\",\"amount\":1,\"price\":0}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(problem(unknown).get("detail").asText()).contains("price");
    }

    @Test
    void answersDomainRefusalWithItsStatusAndReasonCode() throws Exception {
        HttpResponse<String> response = get("/t/refused");

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(problem(response).get("reason").asText()).isEqualTo("UNDERPAID");
    }

    @Test
    void answersRouteProblemAsGiven() throws Exception {
        HttpResponse<String> response = get("/t/missing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problem(response).get("detail").asText()).isEqualTo("order 9 does not exist");
    }

    @Test
    void hidesUnexpectedFailureBehindGeneric500() throws Exception {
        HttpResponse<String> response = get("/t/broken");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("at io.grid");
        assertThat(problem(response).get("reason").asText()).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void logsAKnownOutageWithItsReasonAndPathWhileTheCallerGetsTheProblem() throws Exception {
        // slf4j-simple (the test binding) writes to whatever System.err is when it logs.
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        HttpResponse<String> response;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            response = get("/t/outage");
        } finally {
            System.setErr(original);
        }

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(problem(response).get("reason").asText()).isEqualTo("CHAIN_UNAVAILABLE");
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("event=request_failed status=503 reason=CHAIN_UNAVAILABLE path=/t/outage");
    }
}
