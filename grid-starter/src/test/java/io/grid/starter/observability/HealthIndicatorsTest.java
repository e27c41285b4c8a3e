package io.grid.starter.observability;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grid.routes.chain.ChainHealth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

class HealthIndicatorsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static int closedPort() {
        return LoopbackPorts.free();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Health health, String part) {
        return (Map<String, Object>) health.getDetails().get(part);
    }

    @Test
    void chainReportsEachOutboxAndItsLastError() throws IOException {
        Web3j node = Web3j.build(new HttpService("http://127.0.0.1:" + closedPort()));
        Supplier<ChainHealth> backingOff = () -> new ChainHealth(ChainHealth.Status.DOWN, 3, "connection refused",
                Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(4));
        ChainHealthIndicator indicator = new ChainHealthIndicator(node, 31337, Map.of("gatewayOutbox", backingOff),
                TIMEOUT);

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(health, "gatewayOutbox"))
                .containsEntry("status", "DOWN").containsEntry("consecutiveFailures", 3)
                .containsEntry("lastError", "connection refused")
                .containsEntry("lastContact", "2025-01-01T00:00:00Z");
        node.shutdown();
    }

    @Test
    void databaseIsDownWhenItCannotBeReached() {
        SimpleDriverDataSource missing = new SimpleDriverDataSource(new org.apache.derby.iapi.jdbc.AutoloadedDriver(),
                "jdbc:derby:memory:grid-health-never-created");
        SimpleDriverDataSource present = new SimpleDriverDataSource(new org.apache.derby.iapi.jdbc.AutoloadedDriver(),
                "jdbc:derby:memory:grid-health-present;create=true");
        DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(
                Map.of("platform", present, "gateway", missing), TIMEOUT);

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(health, "platform")).containsEntry("status", "UP");
        assertThat(details(health, "gateway")).containsEntry("status", "DOWN")
                .containsKey("error");
    }

    @Test
    void clusterIsDownWhenTheApiServerIsUnreachable() throws IOException {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closedPort()).withRequestRetryBackoffLimit(0).build()).build()) {
            KubernetesHealthIndicator indicator = new KubernetesHealthIndicator(client, TIMEOUT);

            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("error")).contains("Kubernetes API server");
        }
    }
}
