package io.grid.routes.gateway.lifecycle;

import org.apache.camel.builder.RouteBuilder;

import java.time.Duration;

/**
 * Runs the {@link OrderLifecycle} on a timer: route {@code gateway-order-lifecycle} fires every
 * period and calls {@value #SWEEP}, which an integrator may replace or call on demand.
 */
public class OrderLifecycleRoutes extends RouteBuilder {

    /** One lifecycle pass; the body afterwards is the number of orders ended in it. */
    public static final String SWEEP = "direct:grid-gateway-order-lifecycle";

    private final OrderLifecycle lifecycle;
    private final Duration period;

    public OrderLifecycleRoutes(OrderLifecycle lifecycle, Duration period) {
        this.lifecycle = lifecycle;
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:grid-gateway-order-lifecycle?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("gateway-order-lifecycle")
                .to(SWEEP);

        from(SWEEP).routeId("gateway-order-lifecycle-sweep")
                .process(e -> e.getMessage().setBody(lifecycle.sweep()));
    }
}
