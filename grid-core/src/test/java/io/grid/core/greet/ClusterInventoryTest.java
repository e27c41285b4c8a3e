package io.grid.core.greet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.grid.api.Resources;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterInventoryTest {

    static Node node(String name, String cpu, String memory, String storage, Integer gpus, String product) {
        Map<String, Quantity> allocatable = new LinkedHashMap<>();
        allocatable.put("cpu", new Quantity(cpu));
        allocatable.put("memory", new Quantity(memory));
        allocatable.put("ephemeral-storage", new Quantity(storage));
        if (gpus != null) {
            allocatable.put("nvidia.com/gpu", new Quantity(gpus.toString()));
        }
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withAllocatable(allocatable).endStatus();
        if (product != null) {
            builder.editMetadata().addToLabels("nvidia.com/gpu.product", product).endMetadata();
        }
        return builder.build();
    }

    static Pod pod(String node, String phase, String cpu, String memory, String gpus) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(cpu));
        requests.put("memory", new Quantity(memory));
        if (gpus != null) {
            requests.put("nvidia.com/gpu", new Quantity(gpus));
        }
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("n").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withNewResources()
                .withRequests(requests).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void subtractsTheRequestsOfScheduledPodsFromEachNodesAllocatableAndSums() {
        List<Node> nodes = List.of(node("a", "4", "8Gi", "100Gi", null, null),
                node("b", "3500m", "4Gi", "50Gi", 2, "NVIDIA-A100-SXM4-40GB"));
        List<Pod> pods = List.of(pod("a", "Running", "1500m", "1Gi", null), pod("b", "Pending", "500m", "512Mi", "1"),
                pod("b", "Succeeded", "3", "3Gi", "1"), pod("b", "Failed", "3", "3Gi", "1"),
                pod(null, "Pending", "2", "2Gi", null));

        ClusterInventory inventory = ClusterInventory.of(nodes, pods);

        assertThat(inventory.cpuMillicores()).isEqualTo(2500 + 3000);
        assertThat(inventory.memoryMib()).isEqualTo(7168 + 3584);
        assertThat(inventory.storageGib()).isEqualTo(150);
        assertThat(inventory.gpusByModel()).containsExactly(Map.entry("NVIDIA-A100-SXM4-40GB", 1L));
    }

    @Test
    void neverGoesBelowZeroOnAnOvercommittedNodeAndSkipsCordonedNodes() {
        Node cordoned = node("c", "64", "256Gi", "1Ti", null, null);
        cordoned.setSpec(new io.fabric8.kubernetes.api.model.NodeSpecBuilder().withUnschedulable(true).build());

        ClusterInventory inventory = ClusterInventory.of(List.of(node("a", "1", "1Gi", "1Gi", null, null), cordoned),
                List.of(pod("a", "Running", "2", "2Gi", null)));

        assertThat(inventory.cpuMillicores()).isZero();
        assertThat(inventory.memoryMib()).isZero();
        assertThat(inventory.storageGib()).isEqualTo(1);
    }

    @Test
    void limitsTheConfiguredCapacityToTheLiveOnePerQuantityAndGpusToTheWantedModel() {
        ClusterInventory inventory = ClusterInventory.of(List.of(node("a", "2", "4Gi", "10Gi", 4, "NVIDIA-H100-80GB-HBM3"),
                node("b", "2", "4Gi", "10Gi", 1, "NVIDIA-A100-SXM4-40GB")), List.of());
        Resources configured = new Resources(32_000, 1024, 500, 8, "nvidia-a100-sxm4-40gb,NVIDIA-H100-80GB-HBM3,NVIDIA-L4");

        Resources free = inventory.limit(configured, "NVIDIA-A100-SXM4-40GB");

        assertThat(free).isEqualTo(new Resources(4000, 1024, 20, 1, "nvidia-a100-sxm4-40gb,NVIDIA-H100-80GB-HBM3"));
        assertThat(inventory.limit(configured, "NVIDIA-H100-80GB-HBM3").gpuCount()).isEqualTo(4);
        assertThat(inventory.gpusOf("nvidia-l4")).isZero();
    }

    @Test
    void takesTheGpuCountLabelWhenAllocatableNamesNoGpus() {
        Node labelled = node("g", "1", "1Gi", "1Gi", null, "Tesla-T4");
        labelled.getMetadata().getLabels().put("nvidia.com/gpu.count", "2");

        assertThat(ClusterInventory.of(List.of(labelled), List.of()).gpusByModel())
                .containsExactly(Map.entry("Tesla-T4", 2L));
    }

    @Test
    void namesEachLackingQuantityWithAskedAndFree() {
        String shortfall = ClusterInventory.shortfall(new Resources(4000, 512, 1, 1, "NVIDIA-L4"),
                new Resources(2000, 1024, 10, 0, ""));

        assertThat(shortfall).isEqualTo("cpu: asked 4000m, free 2000m; gpu: asked 1 NVIDIA-L4, free 0; "
                + "gpu model: asked NVIDIA-L4, free models []");
        assertThat(ClusterInventory.shortfall(Resources.of(1, 1, 1), Resources.of(1, 1, 1))).isEmpty();
    }

    @Test
    void refusesAnUnreadableQuantity() {
        Node broken = node("x", "1", "1Gi", "1Gi", null, null);
        broken.getStatus().getAllocatable().put("cpu", new Quantity("lots"));

        assertThatThrownBy(() -> ClusterInventory.of(List.of(broken), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
