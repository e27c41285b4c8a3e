package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.api.Address;
import io.grid.contracts.chain.LocalChain;
import io.grid.routes.gateway.kube.ClusterDnsEntrances;
import io.grid.routes.gateway.kube.EntranceResolver;
import io.grid.simulated.SimulatedCluster;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.web3j.protocol.Web3j;

class GridChainAndKubernetesAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-chain;create=true")
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class,
                    GridChainAutoConfiguration.class, GridKubernetesAutoConfiguration.class));

    @Test
    void needsNoChainNorClusterWhenNeitherPlatformNorGatewayRuns() {
        runner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(Web3j.class).doesNotHaveBean(KubernetesClient.class));
    }

    @Test
    void refusesToStartWithoutRpcUrlNamingTheProperty() {
        runner.withPropertyValues("grid.platform.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("grid.chain.rpc-url"));
    }

    @Test
    void startsManagedLocalChainOnlyWhenAskedTo() {
        runner.withPropertyValues("grid.platform.enabled=true", "grid.chain.local.enabled=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(LocalChain.class);
                    ChainContracts contracts = context.getBean(ChainContracts.class);
                    assertThat(contracts.chainId()).isEqualTo(LocalChain.CHAIN_ID);
                    assertThat(contracts.market()).isNotEqualTo(Address.ZERO);
                    assertThat(context.getBean(Web3j.class).ethBlockNumber().send().getBlockNumber()).isNotNegative();
                });
    }

    @Test
    void startsSimulatedClusterOnlyWhenAskedTo() {
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true",
                        "grid.kubernetes.simulated=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(SimulatedCluster.class);
                    assertThat(context.getBean(KubernetesClient.class).namespaces().list().getItems()).isNotNull();
                    assertThat(context.getBean(EntranceResolver.class)).isNotInstanceOf(ClusterDnsEntrances.class);
                });
    }

    @Test
    void usesClusterDnsEntrancesForRealCluster() {
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SimulatedCluster.class);
                    assertThat(context.getBean(EntranceResolver.class)).isInstanceOf(ClusterDnsEntrances.class);
                });
    }
}
