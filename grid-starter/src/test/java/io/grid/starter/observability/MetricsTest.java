package io.grid.starter.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.routes.gateway.proxy.ProxyAccess;
import io.grid.routes.http.Json;
import io.grid.routes.platform.jobs.OrderLifecycle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void countsProxyDecisionsByOutcomeStatusAndReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProxyAccess access = new ProxyRequestMetrics(registry).observe((orderId, cookie, bearer, now) ->
                orderId.signum() > 0 ? ProxyAccess.Decision.allowed(URI.create("http://10.0.0.1:8080"))
                        : ProxyAccess.Decision.orderEnded());

        ProxyAccess.Decision allowed = access.decide(BigInteger.ONE, "c", null, Instant.EPOCH);
        access.decide(BigInteger.ZERO, "c", null, Instant.EPOCH);
        access.decide(BigInteger.ZERO, "c", null, Instant.EPOCH);

        assertThat(allowed).isEqualTo(ProxyAccess.Decision.allowed(URI.create("http://10.0.0.1:8080")));
        assertThat(registry.get("grid.proxy.requests").tag("outcome", "allowed").counter().count()).isEqualTo(1);
        assertThat(registry.get("grid.proxy.requests").tag("outcome", "refused").tag("status", "410")
                .tag("reason", "ORDER_ENDED").counter().count()).isEqualTo(2);
    }

    @Test
    void countsQueuedSettlementsAndTheStateOfSuccessfulPurchases() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getManagementStrategy().addEventNotifier(new RouteMetrics(registry, new Json().mapper()));
            // Stand-ins with the documented contract of the real steps: what their bodies are afterwards.
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:grid-platform-order-lifecycle").routeId("grid-platform-order-lifecycle").setBody(constant(new OrderLifecycle.Pass(1, 2, 0, 1, 0)));
                    from("direct:grid-gateway-order-lifecycle").routeId("grid-gateway-order-lifecycle").setBody(constant(3));
                    from("direct:grid-platform-credit-purchase").routeId("grid-platform-credit-purchase")
                            .setHeader("CamelHttpResponseCode", constant(200))
                            .setBody(constant("{\"state\":\"CREDITED\",\"amount\":\"1000\"}".getBytes()));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();

            producer.sendBody("direct:grid-platform-order-lifecycle", null);
            producer.sendBody("direct:grid-gateway-order-lifecycle", null);
            producer.sendBody("direct:grid-gateway-order-lifecycle", null);
            producer.sendBody("direct:grid-platform-credit-purchase", "{}");

            assertThat(registry.get("grid.settlements").tag("part", "platform").counter().count()).isEqualTo(2);
            assertThat(registry.get("grid.settlements").tag("part", "gateway").counter().count()).isEqualTo(6);
            assertThat(registry.get("grid.credits").tag("outcome", "success").tag("state", "CREDITED").timer().count())
                    .isEqualTo(1);
        }
    }
}
