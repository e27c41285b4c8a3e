package io.grid.routes.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Resources;
import io.grid.core.workload.OrderNamespace;
import io.grid.routes.gateway.Apps;
import io.grid.routes.gateway.TestGateway;
import io.grid.simulated.SimulatedFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.grid.routes.gateway.TestGateway.body;
import static io.grid.routes.gateway.TestGateway.deployUrl;
import static io.grid.routes.gateway.TestGateway.reason;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each failure the simulated kubelet can produce, end to end: the deploy answers a problem+json with
 * the typed reason at once (not after the readiness deadline), status shows the same reason per
 * workload, and the events endpoint marks the event that told of it.
 */
class AppFailureRoutesTest {

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

    /** An order of a new user, signed in; the kubelet fails its namespace as told. */
    private static String[] failingOrder(SimulatedFailure failure) throws Exception {
        Credentials credentials = gateway.chain().user(++user);
        BigInteger order = gateway.createOrder(credentials, gateway.provider(), TestGateway.SMALL, 3_600);
        String token = gateway.acceptAndSignIn(credentials, order);
        if (failure != null) {
            gateway.cluster().kubelet().failIn(OrderNamespace.nameOf(order), failure);
        }
        return new String[] {order.toString(), token};
    }

    @ParameterizedTest
    @CsvSource({
            "IMAGE_PULL, IMAGE_PULL_FAILED, 422",
            "CRASH_LOOP, CRASH_LOOP, 422",
            "OUT_OF_MEMORY, OUT_OF_MEMORY, 422",
            "UNSCHEDULABLE, UNSCHEDULABLE, 503",
            "QUOTA_EXCEEDED, QUOTA_EXCEEDED, 422",
            "READINESS_PROBE, READINESS_PROBE_FAILING, 422"})
    void deployStatusAndEventsAnswerTheTypedReason(SimulatedFailure failure, String reason, int status) throws Exception {
        String[] session = failingOrder(failure);
        BigInteger order = new BigInteger(session[0]);
        String cookie = gateway.cookie(session[1]);
        String url = gateway.serveYaml("failing-" + order + ".yaml", Apps.webApp("web"));

        HttpResponse<String> deploy = gateway.deploy(deployUrl(order, url), "Cookie", cookie);

        assertThat(deploy.statusCode()).isEqualTo(status);
        assertThat(deploy.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(reason(deploy)).isEqualTo(reason);
        JsonNode app = body(gateway.get("/gateway/orders/" + order + "/app", "Cookie", cookie));
        assertThat(app.path("failure").path("reason").asText()).isEqualTo(reason);
        assertThat(app.path("workloads").get(0).path("readyReplicas").asInt()).isZero();
        JsonNode events = body(gateway.get("/gateway/orders/" + order + "/app/events", "Cookie", cookie));
        assertThat(events.findValuesAsText("failure")).contains(reason);
    }

    @Test
    void imagePullFailureNamesTheImage() throws Exception {
        String[] session = failingOrder(SimulatedFailure.IMAGE_PULL);
        BigInteger order = new BigInteger(session[0]);
        String url = gateway.serveYaml("pull-" + order + ".yaml", Apps.webApp("web"));

        HttpResponse<String> deploy = gateway.deploy(deployUrl(order, url), "Cookie", gateway.cookie(session[1]));

        assertThat(body(deploy).path("detail").asText()).contains("nginxinc/nginx-unprivileged:1.27");
    }

    @Test
    void crashLoopCarriesTheLastExitCodeAndLogLines() throws Exception {
        String[] session = failingOrder(SimulatedFailure.CRASH_LOOP);
        BigInteger order = new BigInteger(session[0]);
        String cookie = gateway.cookie(session[1]);
        String url = gateway.serveYaml("crash-" + order + ".yaml", Apps.webApp("web"));

        HttpResponse<String> deploy = gateway.deploy(deployUrl(order, url), "Cookie", cookie);
        JsonNode app = body(gateway.get("/gateway/orders/" + order + "/app", "Cookie", cookie));

        assertThat(body(deploy).path("detail").asText()).contains("exit code " + SimulatedFailure.CRASH_EXIT_CODE)
                .contains(SimulatedFailure.CRASH_LOG.get(2));
        assertThat(app.path("failure").path("exitCode").asInt()).isEqualTo(SimulatedFailure.CRASH_EXIT_CODE);
        assertThat(app.path("failure").path("lastLogLines").findValuesAsText("")).isEmpty();
        assertThat(app.path("failure").path("lastLogLines").get(2).asText()).isEqualTo(SimulatedFailure.CRASH_LOG.get(2));
        assertThat(app.path("workloads").get(0).path("restarts").asInt()).isPositive();
        assertThat(app.path("workloads").get(0).path("lastTerminationReason").asText()).isEqualTo("Error");
    }

    @Test
    void outOfMemoryNamesTheOrdersMemoryLimit() throws Exception {
        String[] session = failingOrder(SimulatedFailure.OUT_OF_MEMORY);
        BigInteger order = new BigInteger(session[0]);
        String url = gateway.serveYaml("oom-" + order + ".yaml", Apps.webApp("web"));

        HttpResponse<String> deploy = gateway.deploy(deployUrl(order, url), "Cookie", gateway.cookie(session[1]));

        assertThat(body(deploy).path("detail").asText()).contains("memory limit of " + TestGateway.SMALL.memoryMib() + "Mi");
    }
}
