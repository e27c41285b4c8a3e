package io.grid.starter.observability;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.GreetRequest;
import io.grid.api.GreetType;
import io.grid.routes.http.Json;
import io.grid.starter.GridAutoConfiguration;
import io.grid.starter.GridChainAutoConfiguration;
import io.grid.starter.GridGatewayAutoConfiguration;
import io.grid.starter.GridKubernetesAutoConfiguration;
import io.grid.starter.GridPlatformAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GridMetricsAutoConfigurationTest {

    /** How long an exchange answered over HTTP may take to be recorded after its answer arrived. */
    private static final Duration RECORDED_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ApplicationContextRunner metrics = new ApplicationContextRunner()
            .withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-metrics;create=true")
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, GridMetricsAutoConfiguration.class));

    private static int freePort() {
        return LoopbackPorts.free();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The count of the timer {@code search} finds, once it has recorded at least one exchange or a deadline has
     * passed: polls, so that an exchange completing just after its HTTP answer is counted.
     */
    private static long countOnceRecorded(Search search) {
        long deadline = System.nanoTime() + RECORDED_WITHIN.toNanos();
        Timer timer = search.timer();
        while ((timer == null || timer.count() == 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // poll interval, not a fixed wait
            timer = search.timer();
        }
        return timer == null ? 0 : timer.count();
    }

    @Test
    void recordsNothingWithoutAMeterRegistry() {
        metrics.withPropertyValues("grid.platform.enabled=true")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(GridMetricsAutoConfiguration.ROUTE_METRICS)
                        .doesNotHaveBean(GridMetricsAutoConfiguration.PROXY_METRICS));
    }

    @Test
    void recordsNothingWhenNeitherPlatformNorGatewayRuns() {
        metrics.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(GridMetricsAutoConfiguration.ROUTE_METRICS));
    }

    @Test
    void observesWithTheApplicationsRegistryUnlessTheHostReplacesTheNotifier() {
        metrics.withPropertyValues("grid.gateway.enabled=true")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(RouteMetrics.class)
                        .hasSingleBean(ProxyRequestMetrics.class));
        RouteMetrics host = new RouteMetrics(new SimpleMeterRegistry(), new Json().mapper());
        metrics.withPropertyValues("grid.gateway.enabled=true")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(GridMetricsAutoConfiguration.ROUTE_METRICS, RouteMetrics.class, () -> host)
                .run(context -> assertThat(context.getBean(GridMetricsAutoConfiguration.ROUTE_METRICS)).isSameAs(host));
    }

    @Test
    void countsOrdersCreditsSettlementsGreetStepsAndProxyRequestsOfRealExchanges() throws IOException {
        int httpPort = freePort();
        int proxyPort = freePort();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, GridAutoConfiguration.class,
                        GridChainAutoConfiguration.class, GridKubernetesAutoConfiguration.class,
                        GridPlatformAutoConfiguration.class, GridGatewayAutoConfiguration.class,
                        GridMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("grid.platform.enabled=true", "grid.gateway.enabled=true",
                        "grid.chain.local.enabled=true", "grid.kubernetes.simulated=true",
                        "grid.http.host=127.0.0.1", "grid.http.port=" + httpPort,
                        "grid.gateway.proxy-host=127.0.0.1", "grid.gateway.proxy-port=" + proxyPort,
                        "grid.datasource.url=jdbc:derby:" + dir.resolve("platform") + ";create=true",
                        "grid.gateway.database-url=jdbc:derby:" + dir.resolve("gateway") + ";create=true",
                        "grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ProducerTemplate camel = context.getBean(ProducerTemplate.class);
                    HttpClient http = HttpClient.newHttpClient();

                    String platform = "http://127.0.0.1:" + httpPort;
                    // The REST routes inline their direct: steps, so the platform's are driven over HTTP.
                    HttpResponse<String> badOrder = post(http, platform + "/orders", "not json");
                    HttpResponse<String> badCancel = post(http, platform + "/orders/1/cancel", "not json");
                    HttpResponse<String> unknownTransfer = post(http, platform + "/credits/purchase",
                            "{\"txHash\":\"0x" + "ab".repeat(32) + "\",\"logIndex\":0}");
                    camel.sendBody("direct:grid-platform-order-lifecycle", null);
                    camel.sendBody("direct:grid-gateway-order-lifecycle", null);
                    camel.sendBody("direct:grid-gateway-greet-0",
                            GreetRequest.of(GreetType.ofCode(0), BigInteger.valueOf(424242)));
                    HttpResponse<String> unreadable = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + httpPort + "/gateway/greet"))
                            .POST(HttpRequest.BodyPublishers.ofString("{", StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    HttpResponse<String> noCookie = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + proxyPort + "/orders/7/app/")).build(),
                            HttpResponse.BodyHandlers.ofString());

                    assertThat(badOrder.statusCode()).isEqualTo(400);
                    assertThat(badCancel.statusCode()).isEqualTo(400);
                    assertThat(unknownTransfer.statusCode()).isEqualTo(404);
                    assertThat(unreadable.statusCode()).isEqualTo(400);
                    assertThat(noCookie.statusCode()).isEqualTo(401);
                    // The exchanges driven over HTTP are recorded when Camel completes them, which netty-http
                    // does just after it has written the answer: the client may read it first.
                    assertThat(countOnceRecorded(registry.find("grid.orders.created").tag("outcome", "refused")
                            .tag("status", "400"))).isEqualTo(1);
                    assertThat(countOnceRecorded(registry.find("grid.orders.cancelled").tag("outcome", "refused")))
                            .isEqualTo(1);
                    assertThat(countOnceRecorded(registry.find("grid.credits").tag("outcome", "refused")
                            .tag("status", "404").tag("state", "none"))).isEqualTo(1);
                    assertThat(registry.get("grid.settlements").tag("part", "platform").counter().count()).isZero();
                    assertThat(registry.get("grid.settlements").tag("part", "gateway").counter().count()).isZero();
                    assertThat(registry.get("grid.greet").tag("type", "0").tag("outcome", "refused").timer().count())
                            .isEqualTo(1);
                    assertThat(countOnceRecorded(registry.find("grid.greet").tag("type", "none").tag("status", "400")))
                            .isEqualTo(1);
                    assertThat(registry.get("grid.proxy.requests").tag("outcome", "refused")
                            .tag("reason", "COOKIE_MISSING").tag("status", "401").counter().count()).isEqualTo(1);
                });
    }
}
