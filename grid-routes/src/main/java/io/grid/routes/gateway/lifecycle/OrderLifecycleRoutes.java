package io.grid.routes.gateway.lifecycle;

import io.grid.routes.GridRoutes;
import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * Runs the {@link OrderLifecycle} on a timer: route {@code grid-gateway-order-lifecycle-timer} fires every
 * period and calls {@code direct:grid-gateway-order-lifecycle} (route {@code grid-gateway-order-lifecycle}), which an
 * integrator may replace or call on demand.
 */
public class OrderLifecycleRoutes extends RouteBuilder {

    /** One lifecycle pass; the body afterwards is the number of orders ended in it. */
    public static final String SWEEP = GridRoutes.stepUri(GridRoutes.GATEWAY_ORDER_LIFECYCLE);

    private final OrderLifecycle lifecycle;
    private final Duration period;

    public OrderLifecycleRoutes(OrderLifecycle lifecycle, Duration period) {
        this.lifecycle = lifecycle;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:" + GridRoutes.GATEWAY_ORDER_LIFECYCLE + "?delay=" + period.toMillis() + "&period="
                + period.toMillis())
                .routeId(GridRoutes.timerRouteId(GridRoutes.GATEWAY_ORDER_LIFECYCLE))
                .to(SWEEP);

        from(SWEEP).routeId(GridRoutes.GATEWAY_ORDER_LIFECYCLE)
                .process(e -> e.getMessage().setBody(lifecycle.sweep()));
    }
}
