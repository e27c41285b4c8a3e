package io.grid.routes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.simulated.SimulatedCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider registered more than its cluster holds (ChainScenario's 64 cores, 128 GiB, 1000 GiB); the gateway is
 * configured with half of that and the simulated cluster's one node is smaller still in CPU: the drift check updates
 * the registration on the Anvil chain to what the cluster can give, once, and not again within the minimum interval.
 */
class RegistrationDriftTest {

    @TempDir
    static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, Resources.of(32_000, 65_536, 500));
        gateway.cluster().removeNode(SimulatedCluster.DEFAULT_NODE);
        gateway.cluster().addNode("node-a", "12", "256Gi", "1Ti", 0, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void updatesTheRegisteredCapacityToTheClustersSignedByTheProviderAndRateLimited() throws Exception {
        Address provider = Address.of(gateway.provider().getAddress());
        Resources before = gateway.book().provider(provider).capacity();

        Resources updated = gateway.gateway.registrationDrift().check();
        Eventually.await("the registration update is mined", Duration.ofSeconds(30),
                () -> gateway.book().provider(provider).capacity().cpuMillicores() == 12_000);
        gateway.cluster().addNode("node-b", "4", "8Gi", "100Gi", 0, null);
        Resources tooSoon = gateway.gateway.registrationDrift().check();

        assertThat(before).isEqualTo(Resources.of(64_000, 131_072, 1_000));
        assertThat(updated).isEqualTo(Resources.of(12_000, 65_536, 500));
        assertThat(gateway.book().provider(provider).capacity()).isEqualTo(updated);
        assertThat(gateway.book().provider(provider).prices()).isEqualTo(ChainScenario.PRICES);
        assertThat(tooSoon).isNull();
        assertThat(gateway.book().provider(provider).capacity()).isEqualTo(updated);
    }
}
