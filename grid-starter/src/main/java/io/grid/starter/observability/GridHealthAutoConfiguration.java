package io.grid.starter.observability;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.routes.chain.ChainHealth;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.starter.ChainContracts;
import io.grid.starter.GatewayDatabase;
import io.grid.starter.GridChainAutoConfiguration;
import io.grid.starter.GridGatewayAutoConfiguration;
import io.grid.starter.GridKubernetesAutoConfiguration;
import io.grid.starter.GridPlatformAutoConfiguration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import io.grid.routes.http.Json;
import org.apache.camel.RoutesBuilder;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.protocol.Web3j;

/**
 * Spring Boot Actuator health of the parts of GRID that run: {@code grid.chain} (platform or gateway),
 * {@code grid.kubernetes} (gateway) and {@code grid.database} (platform or gateway), shown under
 * {@code /actuator/health/grid.chain} and so on. A host bean of the same name replaces GRID's.
 */
@AutoConfiguration(after = {GridChainAutoConfiguration.class, GridKubernetesAutoConfiguration.class,
        GridPlatformAutoConfiguration.class, GridGatewayAutoConfiguration.class},
        afterName = "org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnExpression(GridHealthAutoConfiguration.PLATFORM_OR_GATEWAY)
public class GridHealthAutoConfiguration {

    /** Bean (and health component) name of the chain check. */
    public static final String CHAIN = "grid.chain";
    /** Bean (and health component) name of the cluster check. */
    public static final String KUBERNETES = "grid.kubernetes";
    /** Bean (and health component) name of the database check. */
    public static final String DATABASE = "grid.database";

    /** Bean name of the probe routes. */
    public static final String PROBES = "gridHealthProbeRoutes";

    static final String PLATFORM_OR_GATEWAY = "${grid.platform.enabled:false} or ${grid.gateway.enabled:false}";

    /** A health check answers within this time or reports DOWN, so that the endpoint itself never hangs. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The chain node and the outboxes of the platform and the gateway, whichever run. */
    @Bean(CHAIN)
    @ConditionalOnMissingBean(name = CHAIN)
    public HealthIndicator gridChainHealth(Web3j web3j, ChainContracts chain,
                                           ObjectProvider<PlatformAssembly> platform,
                                           @Qualifier("gridGatewayOutbox") ObjectProvider<TransactionOutbox> gatewayOutbox) {
        Map<String, Supplier<ChainHealth>> outboxes = new LinkedHashMap<>();
        platform.ifAvailable(assembly -> outboxes.put("platformOutbox", () -> assembly.outbox().health()));
        gatewayOutbox.ifAvailable(outbox -> outboxes.put("gatewayOutbox", outbox::health));
        return new ChainHealthIndicator(web3j, chain.chainId(), outboxes, TIMEOUT);
    }

    /** The platform's DataSource and the gateway's own database, whichever run. */
    @Bean(DATABASE)
    @ConditionalOnMissingBean(name = DATABASE)
    public HealthIndicator gridDatabaseHealth(ObjectProvider<PlatformAssembly> platform,
                                              ObjectProvider<DataSource> dataSource,
                                              ObjectProvider<GatewayDatabase> gatewayDatabase) {
        Map<String, DataSource> databases = new LinkedHashMap<>();
        // The platform works on the application's DataSource; without the platform it is not GRID's to report.
        platform.ifAvailable(assembly -> databases.put("platform", dataSource.getObject()));
        gatewayDatabase.ifAvailable(database -> databases.put("gateway", database.dataSource()));
        return new DatabaseHealthIndicator(databases, TIMEOUT);
    }

    /**
     * {@code GET /health/liveness} and {@code GET /health/readiness} on GRID's HTTP port, answering Actuator's
     * {@code liveness} and {@code readiness} groups (see {@link HealthProbeRoutes}); needs
     * {@code management.endpoint.health.probes.enabled=true} (Spring Boot turns it on by itself on Kubernetes).
     */
    @Bean(PROBES)
    @ConditionalOnMissingBean(name = PROBES)
    @ConditionalOnBean(HealthEndpoint.class)
    public RoutesBuilder gridHealthProbeRoutes(HealthEndpoint health, Json json) {
        return new HealthProbeRoutes(health, json);
    }

    /** The gateway's cluster. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "grid.gateway", name = "enabled", havingValue = "true")
    static class KubernetesHealthConfiguration {

        @Bean(KUBERNETES)
        @ConditionalOnMissingBean(name = KUBERNETES)
        HealthIndicator gridKubernetesHealth(KubernetesClient client) {
            return new KubernetesHealthIndicator(client, TIMEOUT);
        }
    }
}
