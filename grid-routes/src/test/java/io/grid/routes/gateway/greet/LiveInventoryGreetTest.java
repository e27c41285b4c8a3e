package io.grid.routes.gateway.greet;

import static io.grid.routes.gateway.TestGateway.body;
import static io.grid.routes.gateway.TestGateway.reason;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Resources;
import io.grid.routes.gateway.TestGateway;
import io.grid.simulated.SimulatedCluster;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Greet type 0 against the live inventory of the simulated cluster: the configured numbers allow far more than its one
 * small node holds, and the node decides.
 */
class LiveInventoryGreetTest {

    /** What the gateway is configured with: much more than the cluster has. */
    static final Resources CONFIGURED = Resources.of(32_000, 65_536, 500);

    @TempDir
    static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, CONFIGURED);
        gateway.cluster().removeNode(SimulatedCluster.DEFAULT_NODE);
        gateway.cluster().addNode("small", "2", "4Gi", "20Gi", 0, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void refusesWhatTheClustersNodesCannotHoldThoughTheConfiguredNumbersAllowIt() throws Exception {
        BigInteger order = gateway.createOrder(gateway.chain().user(1), gateway.provider(), Resources.of(4_000, 512, 1),
                3_600);

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(reason(response)).isEqualTo("INSUFFICIENT_CAPACITY");
        assertThat(body(response).get("detail").asText()).contains("cpu: asked 4000m, free 2000m")
                .doesNotContain("memory:");
    }

    @Test
    void passesWhatTheNodeHolds() throws Exception {
        BigInteger order = gateway.createOrder(gateway.chain().user(2), gateway.provider(), Resources.of(1_500, 512, 1),
                3_600);

        assertThat(gateway.greet(0, order).statusCode()).isEqualTo(200);
    }

    @Test
    void answers503ClusterUnavailableWhenTheNodesCannotBeListed() throws Exception {
        BigInteger order = gateway.createOrder(gateway.chain().user(3), gateway.provider(), Resources.of(1_000, 512, 1),
                3_600);
        gateway.cluster().apiServer().expect().get().withPath("/api/v1/nodes")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + "\"nodes is forbidden\",\"reason\":\"Forbidden\",\"code\":403}").once();

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(reason(response)).isEqualTo("CLUSTER_UNAVAILABLE");
        assertThat(gateway.greet(0, order).statusCode()).isEqualTo(200);
    }
}
