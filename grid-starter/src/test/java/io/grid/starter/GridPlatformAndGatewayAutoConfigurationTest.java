package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.routes.gateway.GatewayAssembly;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.gateway.access.GatewayProxy;
import io.grid.routes.gateway.deploy.AppCatalog;
import io.grid.routes.gateway.deploy.YamlSource;
import io.grid.routes.gateway.greet.Greeter;
import io.grid.routes.gateway.proxy.ProxySettings;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.WalletSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class GridPlatformAndGatewayAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, GridChainAutoConfiguration.class,
                    GridKubernetesAutoConfiguration.class, GridPlatformAutoConfiguration.class,
                    GridGatewayAutoConfiguration.class));

    private static int freePort() {
        return LoopbackPorts.free();
    }

    @Test
    void runsNeitherPlatformNorGatewayUnlessEnabled() {
        runner.withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-off;create=true")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PlatformAssembly.class)
                        .doesNotHaveBean(Greeter.class)
                        .doesNotHaveBean(GatewayProxy.class)
                        .doesNotHaveBean(RoutesBuilder.class));
    }

    @Test
    void platformRunsWhenEnabledAndTakesTheHostsSettings() throws IOException {
        int port = freePort();
        runner.withPropertyValues("grid.platform.enabled=true", "grid.chain.local.enabled=true",
                        "grid.http.port=" + port, "grid.platform.settlement-batch-size=250",
                        "grid.platform.signature-ttl=5m",
                        "grid.datasource.url=jdbc:derby:" + dir.resolve("platform") + ";create=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(PlatformAssembly.class).doesNotHaveBean(Greeter.class);
                    assertThat(context.getBeansOfType(RoutesBuilder.class)).containsOnlyKeys(
                            "gridPlatformRestRoutes", "gridPlatformJobRoutes", "gridPlatformSigningRoutes",
                            "gridPlatformChainRoutes");
                    assertThat(context.getBean(PlatformSettings.class).port()).isEqualTo(port);
                    assertThat(context.getBean(WalletSettings.class).signatureTtl()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(context.getBean(WalletSettings.class).publicRpcUrl())
                            .isEqualTo(context.getBean(LocalChain.class).rpcUrl());
                    assertThat(context.getBean(PlatformSettings.class).settlementBatchSize()).isEqualTo(250);
                });
    }

    @Test
    void settlementBatchSizeDefaultsToOneHundred() {
        runner.withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-batch-default;create=true")
                .run(context -> assertThat(context.getBean(GridProperties.class).getPlatform().getSettlementBatchSize())
                        .isEqualTo(PlatformSettings.DEFAULT_SETTLEMENT_BATCH_SIZE).isEqualTo(100));
    }

    @Test
    void refusesASettlementBatchSizeOfZeroOrAboveThreeHundred() {
        for (String size : new String[] {"0", "301"}) {
            runner.withPropertyValues("grid.platform.settlement-batch-size=" + size,
                            "grid.datasource.url=jdbc:derby:memory:grid-batch-" + size + ";create=true")
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause()
                                .hasMessageContaining("grid.platform.settlement-batch-size must be 1..300");
                    });
        }
    }

    @Test
    void gatewayDatabaseTakesAUserWhoseSchemaHoldsItsTablesAndAPassword() throws IOException {
        String shared = "jdbc:derby:" + dir.resolve("shared") + ";create=true";
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true",
                        "grid.kubernetes.simulated=true",
                        "grid.http.port=" + freePort(), "grid.gateway.proxy-port=" + freePort(),
                        "grid.gateway.database-url=" + shared, "grid.gateway.database-username=GRID_GATEWAY",
                        "grid.gateway.database-password=from-a-secret-store",
                        "grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"),
                        "grid.datasource.url=jdbc:derby:memory:grid-gw-user;create=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HikariDataSource gateway = (HikariDataSource) context.getBean(GatewayDatabase.class).dataSource();
                    assertThat(gateway.getUsername()).isEqualTo("GRID_GATEWAY");
                    assertThat(gateway.getPassword()).isEqualTo("from-a-secret-store");
                    try (Connection c = gateway.getConnection()) {
                        assertThat(c.getSchema()).isEqualTo("GRID_GATEWAY");
                    }
                    // Another user of the same database sees the gateway's tables in that schema only.
                    try (Connection other = DriverManager.getConnection(shared, "GRID_PLATFORM", "");
                         ResultSet own = other.getMetaData().getTables(null, "GRID_GATEWAY", "GATEWAY_ORDER", null);
                         ResultSet platforms = other.getMetaData().getTables(null, "GRID_PLATFORM", "%", null)) {
                        assertThat(own.next()).isTrue();
                        assertThat(platforms.next()).isFalse();
                    }
                });
    }

    @Test
    void gatewayRunsWhenEnabledWithItsOwnDatabaseAndAnOwnerOnlyCookieKey() throws IOException {
        Path cookieKey = dir.resolve("keys").resolve("cookie.key");
        AppCatalog hostCatalog = AppCatalog.bundled();
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true",
                        "grid.kubernetes.simulated=true",
                        "grid.http.port=" + freePort(), "grid.gateway.proxy-port=" + freePort(),
                        "grid.gateway.database-url=jdbc:derby:" + dir.resolve("gateway") + ";create=true",
                        "grid.gateway.cookie-key-file=" + cookieKey,
                        "grid.gateway.allocatable.cpu-millicores=4000", "grid.gateway.allocatable.memory-mib=8192",
                        "grid.datasource.url=jdbc:derby:memory:grid-gw;create=true")
                .withBean(AppCatalog.class, () -> hostCatalog)
                .run(context -> {
                    assertThat(context).hasSingleBean(Greeter.class).hasSingleBean(Sessions.class)
                            .hasSingleBean(GatewayProxy.class).doesNotHaveBean(PlatformAssembly.class);
                    assertThat(context.getBean(AppCatalog.class)).isSameAs(hostCatalog);
                    assertThat(context.getBeansOfType(RoutesBuilder.class)).containsOnlyKeys(
                            "gridGatewayRestConfiguration", "gridGatewayGreetRoutes", "gridGatewayDeployRoutes",
                            "gridGatewayLogRoutes", "gridGatewayLifecycleRoutes", "gridGatewayChainRoutes");
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieKey)))
                            .isEqualTo("rw-------");
                });
    }

    @Test
    void gatewayIsAssembledFromTheHostsYamlSourceAndRouteBuildersAndTheProxyProperties() throws IOException {
        YamlSource hostYaml = url -> {
            throw new IllegalStateException("the host's YAML source is not read here");
        };
        RoutesBuilder hostGreetRoutes = new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:host-greet").routeId("host-greet").log("greeted by the host");
            }
        };
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true",
                        "grid.kubernetes.simulated=true",
                        "grid.http.port=" + freePort(), "grid.gateway.proxy-port=" + freePort(),
                        "grid.gateway.database-url=jdbc:derby:" + dir.resolve("gateway") + ";create=true",
                        "grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"),
                        "grid.gateway.proxy-connect-timeout=3s", "grid.gateway.proxy-worker-threads=2",
                        "grid.gateway.proxy-max-idle-connections-per-entrance=8",
                        "grid.gateway.proxy-idle-connection-timeout=40s", "grid.gateway.readiness-timeout=90s",
                        "grid.datasource.url=jdbc:derby:memory:grid-gw-host;create=true")
                .withBean(YamlSource.class, () -> hostYaml)
                .withBean("gridGatewayGreetRoutes", RoutesBuilder.class, () -> hostGreetRoutes)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    GatewayAssembly gateway = context.getBean(GatewayAssembly.class);
                    assertThat(gateway.yamlSource()).isSameAs(hostYaml);
                    assertThat(context.getBean("gridGatewayGreetRoutes")).isSameAs(hostGreetRoutes);
                    assertThat(context.getBean("gridGatewayDeployRoutes")).isSameAs(gateway.deployRoutes());
                    assertThat(context.getBean(Greeter.class)).isSameAs(gateway.greeter());
                    ProxySettings proxy = context.getBean(GatewaySettings.class).proxy();
                    assertThat(proxy.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(proxy.workerThreads()).isEqualTo(2);
                    assertThat(proxy.maxIdleConnectionsPerEntrance()).isEqualTo(8);
                    assertThat(proxy.idleConnectionTimeout()).isEqualTo(Duration.ofSeconds(40));
                    assertThat(gateway.settings().readinessTimeout()).isEqualTo(Duration.ofSeconds(90));
                });
    }
}
