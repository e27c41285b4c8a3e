package io.grid.starter.observability;

import io.grid.routes.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * Kubernetes probes on GRID's own HTTP port (the sample server has no servlet container, so Actuator's
 * {@code /actuator/health/*} is not served over HTTP): {@code GET /health/liveness} and {@code GET /health/readiness}
 * answer Actuator's health groups {@code liveness} and {@code readiness} ({@code management.endpoint.health.probes.enabled}),
 * 200 with {@code {"status":"UP",...}} when the group is UP, 503 otherwise, with each member's status. Each REST
 * route hands over to its step, {@value #LIVENESS} or {@value #READINESS}, as every GRID route does.
 */
public class HealthProbeRoutes extends RouteBuilder {

    /** Step (direct: name and routeId) answering the liveness group; REST {@code GET /health/liveness}. */
    public static final String LIVENESS = "grid-health-liveness";
    /** Step (direct: name and routeId) answering the readiness group; REST {@code GET /health/readiness}. */
    public static final String READINESS = "grid-health-readiness";

    private final HealthEndpoint health;
    private final Json json;

    /**
     * @param health Actuator's health endpoint, whose groups the probes answer
     * @param json   GRID's JSON writer
     */
    public HealthProbeRoutes(HealthEndpoint health, Json json) {
        this.health = health;
        this.json = json;
    }

    @Override
    public void configure() {
        probe("liveness", LIVENESS, "The process works (no outside system is asked)");
        probe("readiness", READINESS, "The server can take requests: its readiness group (database, chain) is up");
    }

    private void probe(String group, String step, String description) {
        rest("/health/" + group).description(description)
                .get().routeId(step + "-rest").produces("application/json")
                .responseMessage().code(200).message("The " + group + " group is UP").endResponseMessage()
                .responseMessage().code(503).message("The " + group + " group is not UP").endResponseMessage()
                .to("direct:" + step);
        from("direct:" + step).routeId(step)
                .process(exchange -> answer(exchange, health.healthForPath(group)));
    }

    private void answer(Exchange exchange, HealthComponent group) {
        Map<String, Object> body = new LinkedHashMap<>();
        Status status = group == null ? Status.UNKNOWN : group.getStatus();
        body.put("status", status.getCode());
        if (group instanceof CompositeHealth composite && composite.getComponents() != null) {
            Map<String, String> components = new LinkedHashMap<>();
            composite.getComponents().forEach((name, component) -> components.put(name, component.getStatus().getCode()));
            body.put("components", components);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, Status.UP.equals(status) ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.write(body));
    }
}
