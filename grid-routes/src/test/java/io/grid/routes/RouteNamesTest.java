package io.grid.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.routes.chain.ChainDescriptionRoutes;
import io.grid.routes.gateway.deploy.GatewayDeployRoutes;
import io.grid.routes.gateway.kube.InventoryDriftRoutes;
import io.grid.routes.gateway.logs.GatewayLogRoutes;
import io.grid.routes.gateway.greet.GatewayGreetRoutes;
import io.grid.routes.gateway.lifecycle.OrderLifecycleRoutes;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.jobs.PlatformJobRoutes;
import io.grid.routes.platform.rest.PlatformRestRoutes;
import io.grid.routes.platform.rest.PlatformSigningRoutes;
import io.grid.routes.platform.transfers.ConfirmationSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One naming scheme for every route of the platform and the gateway: a step's route id is its {@code direct:} name,
 * a REST route is its step's name with {@code -rest}, a timer route its step's name with {@code -timer}; all of them
 * are declared in {@link GridRoutes} and listed in the README. The routes are only defined here, not started.
 */
class RouteNamesTest {

    private DefaultCamelContext camel;
    private List<RouteDefinition> routes;

    @BeforeEach
    void defineAllRoutes() throws Exception {
        Json json = new Json();
        Problems problems = new Problems(json);
        PlatformSettings settings = new PlatformSettings("127.0.0.1", 0, 31337,
                new ConfirmationSettings(3, 0, 10_000, BigInteger.valueOf(300_000)),
                new OutboxSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1),
                        Duration.ofSeconds(2)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), BigInteger.valueOf(300_000),
                Duration.ofSeconds(30), Duration.ZERO, 0);
        camel = new DefaultCamelContext();
        camel.addRoutes(new PlatformRestRoutes(json, problems, settings, "http://127.0.0.1:1", null, null, null, null,
                null, null, null));
        camel.addRoutes(new PlatformJobRoutes(json, problems, null, null, null, settings, null));
        camel.addRoutes(new GatewayGreetRoutes(json, problems, null));
        camel.addRoutes(new GatewayDeployRoutes(json, problems, null));
        camel.addRoutes(new OrderLifecycleRoutes(null, Duration.ofSeconds(1)));
        camel.addRoutes(new InventoryDriftRoutes(null, Duration.ofSeconds(1)));
        camel.addRoutes(new PlatformSigningRoutes(json, problems, null, null));
        camel.addRoutes(new GatewayLogRoutes(json, problems, null));
        camel.addRoutes(new ChainDescriptionRoutes(json, problems, null, "platform"));
        camel.addRoutes(new ChainDescriptionRoutes(json, problems, null, "gateway"));
        routes = ((ModelCamelContext) camel).getRouteDefinitions();
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void everyDirectEndpointsRouteIdIsItsName() {
        Map<String, String> idByEndpoint = new HashMap<>();
        for (RouteDefinition route : routes) {
            String uri = route.getInput().getEndpointUri();
            if (uri.startsWith("direct:")) {
                idByEndpoint.put(uri.substring("direct:".length()), route.getRouteId());
            }
        }

        assertThat(idByEndpoint).allSatisfy((name, routeId) -> assertThat(routeId).isEqualTo(name));
        assertThat(idByEndpoint.keySet()).containsExactlyInAnyOrderElementsOf(GridRoutes.STEPS);
    }

    @Test
    void everyRestAndTimerRouteIsNamedForTheStepItHandsOver() {
        List<String> checked = new ArrayList<>();
        for (RouteDefinition route : routes) {
            String uri = route.getInput().getEndpointUri();
            if (!uri.startsWith("rest:") && !uri.startsWith("timer:") && !uri.startsWith("quartz:")
                    && !uri.startsWith("kubernetes-")) {
                continue;
            }
            String step = handedTo(route);

            assertThat(step).as("route %s hands over to a step", route.getRouteId()).isIn(GridRoutes.STEPS);
            assertThat(route.getRouteId()).isIn(GridRoutes.restRouteId(step), GridRoutes.timerRouteId(step),
                    GridRoutes.watchRouteId(step));
            checked.add(route.getRouteId());
        }

        assertThat(checked).contains(GridRoutes.restRouteId(GridRoutes.PLATFORM_ORDER_QUOTE),
                GridRoutes.restRouteId(GridRoutes.GATEWAY_DEPLOY),
                GridRoutes.timerRouteId(GridRoutes.PLATFORM_OUTBOX_PASS),
                GridRoutes.timerRouteId(GridRoutes.GATEWAY_ORDER_LIFECYCLE),
                GridRoutes.watchRouteId(GridRoutes.GATEWAY_CLUSTER_EVENT));
    }

    @Test
    void readmeListsEveryStep() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

        assertThat(GridRoutes.STEPS).allSatisfy(step -> assertThat(readme).contains("`" + step + "`"));
    }

    /** The step a REST or timer route sends its exchange to. */
    private static String handedTo(RouteDefinition route) {
        return route.getOutputs().stream()
                .flatMap(output -> output instanceof ToDefinition to ? Stream.of(to.getEndpointUri()) : Stream.empty())
                .filter(uri -> uri.startsWith("direct:"))
                .map(uri -> uri.substring("direct:".length()))
                .findFirst().orElse("");
    }
}
