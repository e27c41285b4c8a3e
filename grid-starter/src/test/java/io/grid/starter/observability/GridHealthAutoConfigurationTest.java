package io.grid.starter.observability;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.starter.ChainContracts;
import io.grid.starter.GridAutoConfiguration;
import io.grid.starter.GridChainAutoConfiguration;
import io.grid.starter.GridGatewayAutoConfiguration;
import io.grid.starter.GridKubernetesAutoConfiguration;
import io.grid.starter.GridPlatformAutoConfiguration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

class GridHealthAutoConfigurationTest {

    @TempDir
    Path dir;

    /** Chain, cluster and health only: the conditions, without starting a platform or a gateway. */
    private final ApplicationContextRunner health = new ApplicationContextRunner()
            .withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-health;create=true")
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, GridChainAutoConfiguration.class,
                    GridKubernetesAutoConfiguration.class, GridHealthAutoConfiguration.class));

    private static int closedPort() {
        return LoopbackPorts.free();
    }

    private static Web3j unreachableNode() throws IOException {
        return Web3j.build(new HttpService("http://127.0.0.1:" + closedPort()));
    }

    private static ChainContracts contracts() {
        return new ChainContracts("http://127.0.0.1:1", 31337, Address.ZERO, Address.ZERO, Address.ZERO);
    }

    private static Health health(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(name, HealthIndicator.class).health();
    }

    @Test
    void registersNoHealthIndicatorWhenNeitherPlatformNorGatewayRuns() {
        health.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(GridHealthAutoConfiguration.CHAIN)
                .doesNotHaveBean(GridHealthAutoConfiguration.KUBERNETES)
                .doesNotHaveBean(GridHealthAutoConfiguration.DATABASE));
    }

    @Test
    void chainIsDownWithTheReasonWhenTheNodeIsUnreachable() throws IOException {
        Web3j node = unreachableNode();
        health.withPropertyValues("grid.platform.enabled=true")
                .withBean(Web3j.class, () -> node)
                .withBean(ChainContracts.class, GridHealthAutoConfigurationTest::contracts)
                .run(context -> {
                    Health chain = health(context, GridHealthAutoConfiguration.CHAIN);
                    assertThat(chain.getStatus()).isEqualTo(Status.DOWN);
                    assertThat((String) chain.getDetails().get("error")).contains("cannot be reached");
                });
    }

    @Test
    void checksTheClusterOnlyWhenTheGatewayRuns() throws IOException {
        Web3j node = unreachableNode();
        health.withPropertyValues("grid.platform.enabled=true")
                .withBean(Web3j.class, () -> node)
                .withBean(ChainContracts.class, GridHealthAutoConfigurationTest::contracts)
                .run(context -> assertThat(context).hasBean(GridHealthAutoConfiguration.CHAIN)
                        .hasBean(GridHealthAutoConfiguration.DATABASE)
                        .doesNotHaveBean(GridHealthAutoConfiguration.KUBERNETES));
        health.withPropertyValues("grid.gateway.enabled=true", "grid.kubernetes.simulated=true")
                .withBean(Web3j.class, () -> node)
                .withBean(ChainContracts.class, GridHealthAutoConfigurationTest::contracts)
                .run(context -> {
                    assertThat(context).hasBean(GridHealthAutoConfiguration.KUBERNETES);
                    Health cluster = health(context, GridHealthAutoConfiguration.KUBERNETES);
                    assertThat(cluster.getStatus()).as(cluster.getDetails().toString()).isEqualTo(Status.UP);
                });
    }

    @Test
    void hostBeansOfTheSameNameReplaceGridsIndicators() throws IOException {
        Web3j node = unreachableNode();
        HealthIndicator hostChain = () -> Health.up().withDetail("host", true).build();
        HealthIndicator hostDatabase = () -> Health.up().withDetail("host", true).build();
        HealthIndicator hostCluster = () -> Health.up().withDetail("host", true).build();
        health.withPropertyValues("grid.gateway.enabled=true", "grid.kubernetes.simulated=true")
                .withBean(Web3j.class, () -> node)
                .withBean(ChainContracts.class, GridHealthAutoConfigurationTest::contracts)
                .withBean(GridHealthAutoConfiguration.CHAIN, HealthIndicator.class, () -> hostChain)
                .withBean(GridHealthAutoConfiguration.DATABASE, HealthIndicator.class, () -> hostDatabase)
                .withBean(GridHealthAutoConfiguration.KUBERNETES, HealthIndicator.class, () -> hostCluster)
                .run(context -> {
                    assertThat(context.getBean(GridHealthAutoConfiguration.CHAIN)).isSameAs(hostChain);
                    assertThat(context.getBean(GridHealthAutoConfiguration.DATABASE)).isSameAs(hostDatabase);
                    assertThat(context.getBean(GridHealthAutoConfiguration.KUBERNETES)).isSameAs(hostCluster);
                });
    }

    @Test
    void everyPartIsUpWhenPlatformAndGatewayRunOnTheLocalChain() throws IOException {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class,
                        GridChainAutoConfiguration.class, GridKubernetesAutoConfiguration.class,
                        GridPlatformAutoConfiguration.class, GridGatewayAutoConfiguration.class,
                        GridHealthAutoConfiguration.class))
                .withPropertyValues("grid.platform.enabled=true", "grid.gateway.enabled=true",
                        "grid.chain.local.enabled=true", "grid.kubernetes.simulated=true",
                        "grid.http.port=" + closedPort(), "grid.gateway.proxy-port=" + closedPort(),
                        "grid.datasource.url=jdbc:derby:" + dir.resolve("platform") + ";create=true",
                        "grid.gateway.database-url=jdbc:derby:" + dir.resolve("gateway") + ";create=true",
                        "grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"))
                .run(context -> {
                    Health chain = health(context, GridHealthAutoConfiguration.CHAIN);
                    assertThat(chain.getStatus()).isEqualTo(Status.UP);
                    assertThat(chain.getDetails()).containsKeys("blockNumber", "platformOutbox", "gatewayOutbox")
                            .containsEntry("chainId", 31337L);
                    Health database = health(context, GridHealthAutoConfiguration.DATABASE);
                    assertThat(database.getStatus()).isEqualTo(Status.UP);
                    assertThat(database.getDetails()).containsKeys("platform", "gateway");
                    assertThat(((Map<?, ?>) database.getDetails().get("gateway")).get("database"))
                            .isEqualTo("Apache Derby");
                    assertThat(health(context, GridHealthAutoConfiguration.KUBERNETES).getStatus())
                            .isEqualTo(Status.UP);
                });
    }
}
