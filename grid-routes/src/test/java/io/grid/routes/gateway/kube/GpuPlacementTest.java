package io.grid.routes.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.api.DeployResult;
import io.grid.api.Resources;
import io.grid.core.app.AppFailureReason;
import io.grid.core.greet.ClusterInventory;
import io.grid.core.workload.SanitisedWorkload;
import io.grid.core.workload.WorkloadTarget;
import io.grid.core.workload.YamlPolicy;
import io.grid.simulated.SimulatedCluster;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A GPU order's pod gets the required node affinity on {@code nvidia.com/gpu.product} and the simulated scheduler puts it
 * on the node of that model; a model no node has leaves it Pending, reported as UNSCHEDULABLE; the live inventory counts
 * the GPUs it holds.
 */
class GpuPlacementTest {

    static final String A100 = "NVIDIA-A100-SXM4-40GB";
    static final String H100 = "NVIDIA-H100-80GB-HBM3";
    static final String APP = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: train
            spec:
              replicas: 1
              selector:
                matchLabels: {app: train}
              template:
                metadata:
                  labels: {app: train}
                spec:
                  containers:
                    - name: cuda
                      image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04
            """;

    static SimulatedCluster cluster;
    static KubernetesClient k8s;
    static WorkloadDeployer deployer;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start();
        cluster.addNode("gpu-h100", "16", "64Gi", "200Gi", 4, H100);
        cluster.addNode("gpu-a100", "16", "64Gi", "200Gi", 2, A100);
        k8s = cluster.client();
        deployer = new WorkloadDeployer(k8s, cluster.kubelet()::entranceOf, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static DeployResult deploy(long order, Resources ordered) {
        SanitisedWorkload workload = new YamlPolicy().sanitise(APP, WorkloadTarget.of(BigInteger.valueOf(order), ordered));
        return deployer.deploy(BigInteger.valueOf(order), ordered, workload.objects());
    }

    @Test
    void aGpuOrdersPodLandsOnTheNodeOfItsModelThroughARequiredNodeAffinity() {
        DeployResult result = deploy(701, new Resources(2000, 4096, 1, 2, A100.toLowerCase().replace("nvidia", "NVIDIA")));

        Pod pod = k8s.pods().inNamespace(result.namespace()).list().getItems().get(0);
        NodeSelectorRequirement onModel = pod.getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0).getMatchExpressions()
                .get(0);
        assertThat(result.ready()).isTrue();
        assertThat(onModel.getKey()).isEqualTo("nvidia.com/gpu.product");
        assertThat(onModel.getOperator()).isEqualTo("In");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("gpu-a100");
        assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests().get("nvidia.com/gpu").getAmount())
                .isEqualTo("2");
        assertThat(new LiveInventory(k8s).read().gpusByModel()).containsEntry(A100, 0L).containsEntry(H100, 4L);
    }

    @Test
    void aModelNoNodeHasLeavesThePodPendingAndTheDeployFailsUnschedulable() {
        assertThatThrownBy(() -> deploy(702, new Resources(1000, 1024, 1, 1, "NVIDIA-L4")))
                .isInstanceOfSatisfying(AppFailed.class, failed ->
                        assertThat(failed.failure().reason()).isEqualTo(AppFailureReason.UNSCHEDULABLE));
        List<Pod> pods = k8s.pods().inNamespace("grid-order-702").list().getItems();
        assertThat(pods).singleElement().satisfies(p -> {
            assertThat(p.getSpec().getNodeName()).isNull();
            assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
        });
    }

    @Test
    void podsBeyondEveryNodesFreeCpuStayPending() {
        assertThatThrownBy(() -> deploy(703, Resources.of(100_000, 1024, 1)))
                .isInstanceOfSatisfying(AppFailed.class, failed ->
                        assertThat(failed.failure().reason()).isEqualTo(AppFailureReason.UNSCHEDULABLE));
        assertThat(ClusterInventory.GPU_PRODUCT_LABEL).isEqualTo("nvidia.com/gpu.product");
    }
}
