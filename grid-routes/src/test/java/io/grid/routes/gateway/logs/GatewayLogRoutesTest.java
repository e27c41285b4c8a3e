package io.grid.routes.gateway.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Resources;
import io.grid.core.workload.OrderNamespace;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.grid.simulated.SimulatedFailure;
import io.grid.routes.gateway.Apps;
import io.grid.routes.gateway.Eventually;
import io.grid.routes.gateway.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import java.util.stream.Stream;

import static io.grid.routes.gateway.TestGateway.body;
import static io.grid.routes.gateway.TestGateway.deployUrl;
import static io.grid.routes.gateway.TestGateway.reason;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs and events of an order's app over real HTTP, read through the pod log API of the simulated
 * cluster, whose containers log their backends' real access lines; followed, and kept after teardown
 * until they expire.
 */
class GatewayLogRoutesTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    static Path directory;
    static TestGateway gateway;
    static int user;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, Resources.of(32_000, 65_536, 500));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    record Session(BigInteger orderId, String cookie, Credentials user) {
    }

    /** A new user's order with a web app deployed and running. */
    private static Session deployed() throws Exception {
        Credentials credentials = gateway.chain().user(++user);
        BigInteger order = gateway.createOrder(credentials, gateway.provider(), TestGateway.SMALL, 3_600);
        String cookie = gateway.cookie(gateway.acceptAndSignIn(credentials, order));
        String url = gateway.serveYaml("logged-" + order + ".yaml", Apps.webApp("web"));
        HttpResponse<String> deploy = gateway.deploy(deployUrl(order, url), "Cookie", cookie);
        assertThat(deploy.statusCode()).isEqualTo(200);
        return new Session(order, cookie, credentials);
    }

    private static String logs(Session session, String query) throws Exception {
        HttpResponse<String> response = gateway.get("/gateway/orders/" + session.orderId() + "/app/logs" + query,
                "Cookie", session.cookie());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void logsCarryTheAppsAccessLinesPrefixedWithPodAndContainer() throws Exception {
        Session session = deployed();
        gateway.throughProxy(session.orderId(), "/first-visit", "Cookie", session.cookie());

        String text = logs(session, "?container=web&tail=100");

        assertThat(text).contains("web-sim-0/web SIMULATED container web started")
                .contains("web-sim-0/web 127.0.0.1 - - \"GET /first-visit HTTP/1.1\" 200");
    }

    @Test
    void tailKeepsTheLastLines() throws Exception {
        Session session = deployed();
        gateway.throughProxy(session.orderId(), "/one", "Cookie", session.cookie());
        gateway.throughProxy(session.orderId(), "/two", "Cookie", session.cookie());

        String text = logs(session, "?tail=1");

        assertThat(text.lines()).hasSize(1);
        assertThat(text).contains("GET /two ");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followSendsNewLinesAsTheyAreWritten() throws Exception {
        Session session = deployed();
        HttpResponse<Stream<String>> stream = gateway.http().send(HttpRequest.newBuilder(
                        gateway.gatewayUri("/gateway/orders/" + session.orderId() + "/app/logs?follow=true"))
                .header("Cookie", session.cookie()).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        Iterator<String> lines = stream.body().iterator();
        assertThat(lines.next()).contains("SIMULATED container web started");

        gateway.throughProxy(session.orderId(), "/while-following", "Cookie", session.cookie());

        String next = lines.next();
        stream.body().close();
        assertThat(next).contains("GET /while-following ");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followAsServerSentEvents() throws Exception {
        Session session = deployed();
        HttpResponse<Stream<String>> stream = gateway.http().send(HttpRequest.newBuilder(
                        gateway.gatewayUri("/gateway/orders/" + session.orderId() + "/app/logs?follow=true"))
                .header("Cookie", session.cookie()).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());

        String first = stream.body().iterator().next();
        stream.body().close();

        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(first).startsWith("data: web-sim-0/web SIMULATED container web started");
    }

    @Test
    void eventsAreTheNamespacesNewestLast() throws Exception {
        Session session = deployed();

        JsonNode events = body(gateway.get("/gateway/orders/" + session.orderId() + "/app/events", "Cookie",
                session.cookie()));

        assertThat(events.size()).isPositive();
        assertThat(events.get(events.size() - 1).path("reason").asText()).isEqualTo("SimulatedReady");
        assertThat(events.get(0).path("object").asText()).isEqualTo("Deployment/web");
    }

    /** Writes an event into the order's namespace as a cluster controller does. */
    private static void clusterEvent(BigInteger order, String reason, Instant at) {
        String namespace = OrderNamespace.nameOf(order);
        gateway.cluster().client().resource(new EventBuilder()
                .withNewMetadata().withGenerateName("web-").withNamespace(namespace).endMetadata()
                .withNewRegarding().withKind("Deployment").withName("web").withNamespace(namespace).endRegarding()
                .withReason(reason).withNote("told by the test").withType("Normal")
                .withReportingController("test").withReportingInstance("test").withAction(reason)
                .withEventTime(new MicroTime(at.toString())).build()).create();
    }

    private static JsonNode events(Session session, String query) throws Exception {
        return body(gateway.get("/gateway/orders/" + session.orderId() + "/app/events" + query, "Cookie",
                session.cookie()));
    }

    @Test
    void eventsSinceSecondsAndTail() throws Exception {
        Session session = deployed();
        clusterEvent(session.orderId(), "AnHourAgo", Instant.now().minus(Duration.ofHours(1)));

        JsonNode all = events(session, "");
        JsonNode recent = events(session, "?since=600");
        JsonNode last = events(session, "?tail=1");

        assertThat(all.get(0).path("reason").asText()).isEqualTo("AnHourAgo");
        assertThat(recent.findValuesAsText("reason")).isNotEmpty().doesNotContain("AnHourAgo");
        assertThat(recent.size()).isEqualTo(all.size() - 1);
        assertThat(last.size()).isEqualTo(1);
        assertThat(last.get(0)).isEqualTo(all.get(all.size() - 1));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followedEventsComeNewestLastAsTheClusterWatchSeesThem() throws Exception {
        Session session = deployed();
        int before = events(session, "").size();
        HttpResponse<Stream<String>> stream = gateway.http().send(HttpRequest.newBuilder(
                        gateway.gatewayUri("/gateway/orders/" + session.orderId() + "/app/events?follow=true"))
                .header("Cookie", session.cookie()).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        Iterator<String> lines = stream.body().iterator();
        List<JsonNode> seen = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            seen.add(MAPPER.readTree(lines.next()));
        }

        clusterEvent(session.orderId(), "SeenByTheWatch", Instant.now());

        JsonNode next = MAPPER.readTree(lines.next());
        stream.body().close();
        assertThat(seen.get(seen.size() - 1).path("reason").asText()).isEqualTo("SimulatedReady");
        assertThat(next.path("reason").asText()).isEqualTo("SeenByTheWatch");
        assertThat(next.path("object").asText()).isEqualTo("Deployment/web");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void followedEventsEndWhenTheOrderIsTornDown() throws Exception {
        Session session = deployed();
        HttpResponse<Stream<String>> stream = gateway.http().send(HttpRequest.newBuilder(
                        gateway.gatewayUri("/gateway/orders/" + session.orderId() + "/app/events?follow=true"))
                .header("Cookie", session.cookie()).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);

        gateway.cancel(session.user(), session.orderId());
        gateway.sweep();

        // The answer ends (the iterator runs out) instead of staying open for ever.
        assertThat(stream.body().count()).isPositive();
    }

    @Test
    void logsOfAContainerThatHasNotStartedAreATypedRefusalWithAdvice() throws Exception {
        Credentials credentials = gateway.chain().user(++user);
        BigInteger order = gateway.createOrder(credentials, gateway.provider(), TestGateway.SMALL, 3_600);
        String cookie = gateway.cookie(gateway.acceptAndSignIn(credentials, order));
        HttpResponse<String> beforeDeploy = gateway.get("/gateway/orders/" + order + "/app/logs", "Cookie", cookie);
        gateway.cluster().kubelet().failIn(OrderNamespace.nameOf(order), SimulatedFailure.IMAGE_PULL);
        String url = gateway.serveYaml("unpulled-" + order + ".yaml", Apps.webApp("web"));
        assertThat(gateway.deploy(deployUrl(order, url), "Cookie", cookie).statusCode()).isEqualTo(422);

        HttpResponse<String> named = gateway.get("/gateway/orders/" + order + "/app/logs?container=web", "Cookie", cookie);
        HttpResponse<String> all = gateway.get("/gateway/orders/" + order + "/app/logs?follow=true", "Cookie", cookie);
        HttpResponse<String> unknown = gateway.get("/gateway/orders/" + order + "/app/logs?container=nope", "Cookie",
                cookie);

        assertThat(beforeDeploy.statusCode()).isEqualTo(409);
        assertThat(reason(beforeDeploy)).isEqualTo("CONTAINER_NOT_STARTED");
        assertThat(named.statusCode()).isEqualTo(409);
        assertThat(named.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(reason(named)).isEqualTo("CONTAINER_NOT_STARTED");
        assertThat(body(named).path("detail").asText()).contains("web-sim-0/web is waiting (ErrImagePull")
                .contains("Ask again once it runs");
        assertThat(all.statusCode()).isEqualTo(409);
        assertThat(reason(all)).isEqualTo("CONTAINER_NOT_STARTED");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(reason(unknown)).isEqualTo("NOT_FOUND");
        assertThat(body(unknown).path("detail").asText()).contains("its containers: web");
    }

    @Test
    void anUnknownOrderIsA404WithItsReason() throws Exception {
        Session session = deployed();

        HttpResponse<String> logs = gateway.get("/gateway/orders/987654321/app/logs", "Cookie", session.cookie());
        HttpResponse<String> events = gateway.get("/gateway/orders/987654321/app/events?follow=true", "Cookie",
                session.cookie());

        assertThat(logs.statusCode()).isEqualTo(404);
        assertThat(reason(logs)).isEqualTo("UNKNOWN_ORDER");
        assertThat(events.statusCode()).isEqualTo(404);
        assertThat(reason(events)).isEqualTo("UNKNOWN_ORDER");
    }

    @Test
    void afterTeardownLogsAndEventsStayUntilTheyExpire() throws Exception {
        Session session = deployed();
        gateway.throughProxy(session.orderId(), "/before-the-end", "Cookie", session.cookie());
        gateway.cancel(session.user(), session.orderId());
        gateway.sweep();
        Eventually.await("teardown of order " + session.orderId(), Duration.ofSeconds(30),
                () -> gateway.storedOrder(session.orderId()).tornDownAt() != null);

        String kept = logs(session, "");
        JsonNode keptEvents = body(gateway.get("/gateway/orders/" + session.orderId() + "/app/events", "Cookie",
                session.cookie()));
        JsonNode lastKeptEvent = events(session, "?tail=1");
        gateway.moveRetentionClock(TestGateway.RETENTION.plus(Duration.ofMinutes(1)));
        gateway.sweep();
        HttpResponse<String> expired = gateway.get("/gateway/orders/" + session.orderId() + "/app/logs", "Cookie",
                session.cookie());
        gateway.moveRetentionClock(Duration.ZERO);

        assertThat(kept).contains("GET /before-the-end ");
        assertThat(keptEvents.findValuesAsText("retained")).anyMatch(e -> e.contains("SimulatedReady"));
        assertThat(lastKeptEvent.size()).isEqualTo(1);
        assertThat(lastKeptEvent.get(0)).isEqualTo(keptEvents.get(keptEvents.size() - 1));
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(reason(expired)).isEqualTo("LOGS_EXPIRED");
    }

    @Test
    void refusesAnotherUsersCookieAndABadTail() throws Exception {
        Session session = deployed();
        Session other = deployed();

        HttpResponse<String> foreign = gateway.get("/gateway/orders/" + session.orderId() + "/app/logs", "Cookie",
                other.cookie());
        HttpResponse<String> badTail = gateway.get("/gateway/orders/" + session.orderId() + "/app/logs?tail=-3", "Cookie",
                session.cookie());

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(badTail.statusCode()).isEqualTo(400);
        assertThat(badTail.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
