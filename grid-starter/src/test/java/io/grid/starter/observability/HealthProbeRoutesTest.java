package io.grid.starter.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.routes.gateway.GatewayRestConfiguration;
import io.grid.starter.ChainContracts;
import io.grid.starter.GridAutoConfiguration;
import io.grid.starter.GridChainAutoConfiguration;
import io.grid.starter.GridKubernetesAutoConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The Kubernetes probes over HTTP on GRID's port, answering Actuator's health groups as the sample server configures
 * them: liveness asks no outside system, readiness includes the chain (with its outboxes) and the database.
 */
class HealthProbeRoutesTest {

    private final int port = LoopbackPorts.free();
    private final HttpClient http = HttpClient.newHttpClient();

    private final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
                    GridAutoConfiguration.class,
                    GridChainAutoConfiguration.class, GridKubernetesAutoConfiguration.class,
                    GridHealthAutoConfiguration.class))
            .withPropertyValues("grid.platform.enabled=true", "grid.chain.local.enabled=true",
                    "grid.kubernetes.simulated=true",
                    "grid.datasource.url=jdbc:derby:memory:grid-probes;create=true",
                    "management.endpoint.health.probes.enabled=true",
                    "management.endpoint.health.group.readiness.include=readinessState,grid.chain,grid.database")
            .withBean("gridRestConfiguration", RoutesBuilder.class,
                    () -> new GatewayRestConfiguration("127.0.0.1", port));

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What SpringApplication publishes once started (the runner does not): the process works. */
    private static void started(ApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
    }

    /** What SpringApplication publishes once ready. */
    private static void acceptTraffic(ApplicationContext context) {
        started(context);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void readinessIsUpWithChainAndDatabaseUpAndLivenessAsksNoOutsideSystem() {
        server.run(context -> {
            assertThat(context).hasNotFailed().hasBean(GridHealthAutoConfiguration.PROBES);
            acceptTraffic(context);

            HttpResponse<String> liveness = get("/health/liveness");
            HttpResponse<String> readiness = get("/health/readiness");

            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\",\"components\":{\"livenessState\":\"UP\"}}");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"grid.chain\":\"UP\"",
                    "\"grid.database\":\"UP\"", "\"readinessState\":\"UP\"");
        });
    }

    @Test
    void chainNodeDownTakesTheServerOutOfTrafficButDoesNotRestartIt() {
        server.run(context -> {
            acceptTraffic(context);
            context.getBean(LocalChain.class).close();

            HttpResponse<String> liveness = get("/health/liveness");
            HttpResponse<String> readiness = get("/health/readiness");

            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"status\":\"DOWN\"", "\"grid.chain\":\"DOWN\"",
                    "\"grid.database\":\"UP\"");
        });
    }

    @Test
    void readinessIsRefusedUntilTheApplicationAcceptsTraffic() {
        server.run(context -> {
            started(context);

            HttpResponse<String> readiness = get("/health/readiness");

            assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("\"readinessState\":\"OUT_OF_SERVICE\"");
        });
    }

    @Test
    void noProbeRoutesWithoutActuatorsHealthEndpoint() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class,
                        GridKubernetesAutoConfiguration.class, GridHealthAutoConfiguration.class))
                .withPropertyValues("grid.gateway.enabled=true", "grid.kubernetes.simulated=true")
                .withBean(Web3j.class, () -> Web3j.build(new HttpService("http://127.0.0.1:" + LoopbackPorts.free())))
                .withBean(ChainContracts.class, () -> new ChainContracts("http://127.0.0.1:1", 31337, Address.ZERO,
                        Address.ZERO, Address.ZERO))
                .run(context -> assertThat(context).hasNotFailed().hasBean(GridHealthAutoConfiguration.CHAIN)
                        .doesNotHaveBean(GridHealthAutoConfiguration.PROBES));
    }
}
