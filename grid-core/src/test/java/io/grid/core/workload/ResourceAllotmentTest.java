package io.grid.core.workload;

import static io.grid.core.workload.Workloads.codes;
import static io.grid.core.workload.Workloads.deployment;
import static io.grid.core.workload.Workloads.put;
import static io.grid.core.workload.Workloads.refusal;
import static io.grid.core.workload.Workloads.statefulSet;
import static io.grid.core.workload.Workloads.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.grid.api.Resources;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceAllotmentTest {

    private static final Resources GPU_ORDER = new Resources(4000, 8192, 10, 2, "A100");

    private final YamlPolicy policy = new YamlPolicy();

    private static Map<String, Object> container(String name) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", name);
        container.put("image", "busybox:1.36");
        return container;
    }

    private static Map<String, Object> withContainers(Map<String, Object> workload, int containers) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            list.add(container("c" + i));
        }
        return put(workload, "spec.template.spec.containers", list);
    }

    /** Σ over workloads of replicas × the pod's effective limits, as a quota would count them. */
    static Resources injected(List<HasMetadata> objects) {
        long cpu = 0;
        long memory = 0;
        long gpus = 0;
        for (HasMetadata object : objects) {
            PodSpec pod;
            int replicas;
            if (object instanceof Deployment deployment) {
                pod = deployment.getSpec().getTemplate().getSpec();
                replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            } else if (object instanceof StatefulSet statefulSet) {
                pod = statefulSet.getSpec().getTemplate().getSpec();
                replicas = statefulSet.getSpec().getReplicas() == null ? 1 : statefulSet.getSpec().getReplicas();
            } else {
                continue;
            }
            long[] running = new long[3];
            long[] init = new long[3];
            for (Container container : pod.getContainers()) {
                add(running, container);
            }
            for (Container container : pod.getInitContainers()) {
                long[] alone = new long[3];
                add(alone, container);
                long[] target = "Always".equals(container.getRestartPolicy()) ? running : init;
                for (int i = 0; i < 3; i++) {
                    target[i] = "Always".equals(container.getRestartPolicy()) ? target[i] + alone[i] : Math.max(target[i], alone[i]);
                }
            }
            cpu += replicas * Math.max(running[0], init[0]);
            memory += replicas * Math.max(running[1], init[1]);
            gpus += replicas * Math.max(running[2], init[2]);
        }
        return new Resources(cpu, memory, 0, gpus, gpus > 0 ? "A100" : "");
    }

    private static void add(long[] sum, Container container) {
        Map<String, Quantity> limits = container.getResources().getLimits();
        assertThat(container.getResources().getRequests()).isEqualTo(limits);
        sum[0] += Quantity.getAmountInBytes(limits.get("cpu")).movePointRight(3).longValueExact();
        sum[1] += Quantity.getAmountInBytes(limits.get("memory")).longValueExact() / (1024 * 1024);
        Quantity gpu = limits.get(ResourceAllotment.GPU);
        sum[2] += gpu == null ? 0 : Quantity.getAmountInBytes(gpu).longValueExact();
    }

    @Test
    void splitsTheOrderOverEveryContainerReplicaWithRequestsEqualToLimits() {
        Map<String, Object> deployment = withContainers(deployment("web"), 2);
        put(deployment, "spec.replicas", 3);
        put(deployment, "spec.template.spec.containers.0.resources", Map.of("limits", Map.of("cpu", "64", "memory", "1Ti")));

        SanitisedWorkload workload = policy.sanitise(yaml(deployment), Workloads.TARGET);

        Container first = ((Deployment) workload.objects().get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(first.getResources().getLimits()).containsEntry("cpu", new Quantity("333m"))
                .containsEntry("memory", new Quantity("682Mi")).doesNotContainKey(ResourceAllotment.GPU);
        assertThat(first.getResources().getRequests()).isEqualTo(first.getResources().getLimits());
        assertThat(workload.allotted()).isEqualTo(new Resources(1998, 4092, 0, 0, ""));
        assertThat(injected(workload.objects())).isEqualTo(workload.allotted());
    }

    @Test
    void givesInitContainersThePodsBudgetNotExtra() {
        Map<String, Object> deployment = withContainers(deployment("web"), 2);
        put(deployment, "spec.template.spec.initContainers", new ArrayList<>(List.of(container("migrate"))));

        SanitisedWorkload workload = policy.sanitise(yaml(deployment), Workloads.TARGET);

        PodSpec pod = ((Deployment) workload.objects().get(0)).getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers().get(0).getResources().getLimits())
                .as("two replicas of two containers: 500m each, and the init container the pod's 2 × 500m")
                .containsEntry("cpu", new Quantity("1000m")).containsEntry("memory", new Quantity("2048Mi"));
        assertThat(workload.allotted().cpuMillicores()).isEqualTo(2000);
        assertThat(injected(workload.objects())).isEqualTo(workload.allotted());
    }

    @Test
    void countsSidecarInitContainersAsRunningContainers() {
        Map<String, Object> deployment = withContainers(deployment("web"), 1);
        put(deployment, "spec.replicas", 1);
        Map<String, Object> sidecar = container("proxy");
        sidecar.put("restartPolicy", "Always");
        put(deployment, "spec.template.spec.initContainers", new ArrayList<>(List.of(sidecar, container("migrate"))));

        SanitisedWorkload workload = policy.sanitise(yaml(deployment), Workloads.TARGET);

        PodSpec pod = ((Deployment) workload.objects().get(0)).getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers().get(0).getResources().getLimits()).containsEntry("cpu", new Quantity("1000m"));
        assertThat(pod.getInitContainers().get(1).getResources().getLimits()).containsEntry("cpu", new Quantity("1000m"));
        assertThat(injected(workload.objects()).cpuMillicores()).isLessThanOrEqualTo(2000);
    }

    @Test
    void givesEachReplicasFirstContainerTheOrdersGpusDividedByReplicas() {
        Map<String, Object> deployment = withContainers(deployment("train"), 2);
        WorkloadTarget target = WorkloadTarget.of(BigInteger.ONE, GPU_ORDER);

        SanitisedWorkload workload = policy.sanitise(yaml(deployment), target);

        PodSpec pod = ((Deployment) workload.objects().get(0)).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry(ResourceAllotment.GPU, new Quantity("1"));
        assertThat(pod.getContainers().get(1).getResources().getLimits()).doesNotContainKey(ResourceAllotment.GPU);
        assertThat(workload.allotted()).isEqualTo(new Resources(4000, 8192, 0, 2, "A100"));
        assertThat(GPU_ORDER.covers(injected(workload.objects()))).isTrue();
    }

    @Test
    void refusesReplicasWhenTheOrderCannotGiveEachContainerTheMinimum() {
        Map<String, Object> deployment = withContainers(deployment("web"), 3);
        put(deployment, "spec.replicas", 100);
        WorkloadTarget target = WorkloadTarget.of(BigInteger.ONE, Resources.of(299, 4096, 0));

        WorkloadRefusedException refused = refusal(policy, yaml(deployment), target);

        assertThat(codes(refused)).containsExactly(ViolationCode.ORDER_TOO_SMALL);
        assertThat(refused.violations().get(0).message()).contains("300 container-replicas");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, 1_000_000})
    void refusesReplicasOutsideTheCap(int replicas) {
        Map<String, Object> deployment = deployment("web");
        put(deployment, "spec.replicas", replicas);
        Map<String, Object> statefulSet = statefulSet("db");
        put(statefulSet, "spec.replicas", replicas);

        assertThat(codes(refusal(yaml(deployment, statefulSet))))
                .containsExactly(ViolationCode.TOO_MANY_REPLICAS, ViolationCode.TOO_MANY_REPLICAS);
    }

    @Test
    void budgetsZeroReplicasAsOneSoThatScalingUpStaysWithinTheOrder() {
        Map<String, Object> deployment = deployment("web");
        put(deployment, "spec.replicas", 0);

        SanitisedWorkload workload = policy.sanitise(yaml(deployment), Workloads.TARGET);

        assertThat(workload.allotted().cpuMillicores()).isEqualTo(2000);
    }

    @Test
    void allotsNothingToAWorkloadWithoutPods() {
        SanitisedWorkload workload = policy.sanitise(yaml(Workloads.object("v1", "ConfigMap", "only")), Workloads.TARGET);

        assertThat(workload.allotted()).isEqualTo(Resources.NONE);
    }

    @Property(tries = 200)
    void injectionNeverExceedsTheOrder(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 100) Integer> replicas,
            @ForAll @IntRange(min = 1, max = 5) int containers,
            @ForAll @IntRange(min = 0, max = 2) int initContainers,
            @ForAll @LongRange(min = 1, max = 256_000) long cpu,
            @ForAll @LongRange(min = 1, max = 1_048_576) long memory,
            @ForAll @LongRange(min = 0, max = 16) long gpus) {
        Resources ordered = new Resources(cpu, memory, 0, gpus, gpus > 0 ? "A100" : "");
        List<Object> documents = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            Map<String, Object> workload = withContainers(i % 2 == 0 ? deployment("w" + i) : statefulSet("w" + i), containers);
            put(workload, "spec.replicas", replicas.get(i));
            List<Object> inits = new ArrayList<>();
            for (int j = 0; j < initContainers; j++) {
                Map<String, Object> init = container("init" + j);
                if (j == 1) {
                    init.put("restartPolicy", "Always");
                }
                inits.add(init);
            }
            put(workload, "spec.template.spec.initContainers", inits);
            documents.add(workload);
        }
        String yaml = yaml(documents.toArray());
        WorkloadTarget target = WorkloadTarget.of(BigInteger.TEN, ordered);

        try {
            SanitisedWorkload workload = policy.sanitise(yaml, target);
            assertThat(ordered.covers(workload.allotted())).isTrue();
            assertThat(ordered.covers(injected(workload.objects()))).isTrue();
        } catch (WorkloadRefusedException refused) {
            assertThat(codes(refused)).containsExactly(ViolationCode.ORDER_TOO_SMALL);
        }
    }
}
