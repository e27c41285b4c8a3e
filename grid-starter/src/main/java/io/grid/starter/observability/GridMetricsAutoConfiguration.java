package io.grid.starter.observability;

import io.grid.routes.http.Json;
import io.grid.starter.GridAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.EventNotifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the parts of GRID that run, only when the application has a {@link MeterRegistry}:
 * {@link RouteMetrics} (orders, credits, settlements, greet steps; Camel picks the notifier bean up) and
 * {@link ProxyRequestMetrics} (the gateway's proxy decisions). A host bean of the same name replaces GRID's.
 */
@AutoConfiguration(after = GridAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, EventNotifier.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnExpression(GridHealthAutoConfiguration.PLATFORM_OR_GATEWAY)
public class GridMetricsAutoConfiguration {

    /** Bean name of the route metrics notifier. */
    public static final String ROUTE_METRICS = "gridRouteMetrics";
    /** Bean name of the proxy metrics. */
    public static final String PROXY_METRICS = "gridProxyRequestMetrics";

    @Bean(ROUTE_METRICS)
    @ConditionalOnMissingBean(name = ROUTE_METRICS)
    public RouteMetrics gridRouteMetrics(MeterRegistry registry, Json json) {
        return new RouteMetrics(registry, json.mapper());
    }

    @Bean(PROXY_METRICS)
    @ConditionalOnMissingBean(name = PROXY_METRICS)
    public ProxyRequestMetrics gridProxyRequestMetrics(MeterRegistry registry) {
        return new ProxyRequestMetrics(registry);
    }
}
