package io.grid.routes.gateway.kube;

import io.grid.routes.GridRoutes;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;

/**
 * Runs {@link RegistrationDrift} on a timer: route {@code grid-gateway-inventory-drift-timer} fires every period and
 * calls {@code direct:grid-gateway-inventory-drift} (route {@code grid-gateway-inventory-drift}), which an integrator
 * may replace or call on demand. A cluster that cannot be read is logged by the inventory and tried again next period.
 */
public class InventoryDriftRoutes extends RouteBuilder {

    /** One drift check; the body afterwards is the capacity the registration was updated to, or null. */
    public static final String CHECK = GridRoutes.stepUri(GridRoutes.GATEWAY_INVENTORY_DRIFT);

    private final RegistrationDrift drift;
    private final Duration period;

    public InventoryDriftRoutes(RegistrationDrift drift, Duration period) {
        this.drift = drift;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:" + GridRoutes.GATEWAY_INVENTORY_DRIFT + "?delay=" + period.toMillis() + "&period="
                + period.toMillis())
                .routeId(GridRoutes.timerRouteId(GridRoutes.GATEWAY_INVENTORY_DRIFT))
                .to(CHECK);

        from(CHECK).routeId(GridRoutes.GATEWAY_INVENTORY_DRIFT)
                .process(e -> e.getMessage().setBody(drift.check()));
    }
}
