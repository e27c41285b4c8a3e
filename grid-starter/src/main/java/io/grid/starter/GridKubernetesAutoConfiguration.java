package io.grid.starter;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grid.routes.gateway.kube.ClusterDnsEntrances;
import io.grid.routes.gateway.kube.EntranceResolver;
import io.grid.simulated.SimulatedCluster;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kubernetes cluster the gateway deploys to: the cluster of {@code grid.kubernetes.kubeconfig} (or the
 * in-cluster / default configuration), or — only when {@code grid.kubernetes.simulated=true}, no kubeconfig is given and
 * the application has {@code io.grid:grid-simulated} on its classpath (tests, the sample server) — GRID's SIMULATED
 * cluster, which announces itself loudly.
 */
@AutoConfiguration(after = GridAutoConfiguration.class)
@ConditionalOnProperty(prefix = "grid.gateway", name = "enabled", havingValue = "true")
public class GridKubernetesAutoConfiguration {

    /** Simulated only when asked for and no kubeconfig is given: a given kubeconfig always means a real cluster. */
    static final String SIMULATED = "${grid.kubernetes.simulated:false} and '${grid.kubernetes.kubeconfig:}' == ''";

    /** Where the simulated cluster lives: a module of its own, never a compile dependency of a host. */
    static final String SIMULATED_CLUSTER = "io.grid.simulated.SimulatedCluster";

    /** The simulated cluster: fabric8's mock API server plus a simulated kubelet with local backends. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression(SIMULATED)
    @ConditionalOnClass(name = SIMULATED_CLUSTER)
    static class SimulatedKubernetesConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        SimulatedCluster gridSimulatedCluster() {
            return SimulatedCluster.start();
        }

        @Bean
        @ConditionalOnMissingBean
        KubernetesClient gridKubernetesClient(SimulatedCluster cluster) {
            return cluster.client();
        }

        @Bean
        @ConditionalOnMissingBean
        EntranceResolver gridEntranceResolver(SimulatedCluster cluster) {
            return cluster.kubelet()::entranceOf;
        }
    }

    /** Asked for the simulated cluster without the module that holds it: stop the start, saying what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression(SIMULATED)
    @ConditionalOnMissingClass(SIMULATED_CLUSTER)
    static class SimulatedClusterMissingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KubernetesClient gridKubernetesClient() {
            throw new IllegalStateException("grid.kubernetes.simulated=true needs the SIMULATED cluster's module "
                    + "io.grid:grid-simulated on the classpath (tests and demos only); for a real cluster set "
                    + "grid.kubernetes.kubeconfig or run in-cluster, with grid.kubernetes.simulated=false");
        }
    }

    /** A real cluster. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!(" + SIMULATED + ")")
    static class RealKubernetesConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        KubernetesClient gridKubernetesClient(GridProperties properties) throws IOException {
            GridProperties.Kubernetes kube = properties.getKubernetes();
            Config config;
            if (kube.getKubeconfig() != null) {
                config = Config.fromKubeconfig(kube.getContext(), Files.readString(kube.getKubeconfig()),
                        kube.getKubeconfig().toString());
            } else {
                config = kube.getContext() == null ? Config.autoConfigure(null) : Config.autoConfigure(kube.getContext());
            }
            return new KubernetesClientBuilder().withConfig(config).build();
        }

        @Bean
        @ConditionalOnMissingBean
        EntranceResolver gridEntranceResolver() {
            return new ClusterDnsEntrances();
        }
    }
}
