package io.grid.core.workload;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirements;
import io.grid.api.GpuModels;
import io.grid.api.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an order's resources over the containers of its workload and writes them in as
 * requests == limits, so that Σ over workloads of replicas × Σ containers' limits never exceeds
 * the order.
 *
 * <p>Every running container of every replica (main containers and restartable "sidecar" init
 * containers) gets the same share: the order's CPU and memory divided by the number of such
 * container-replicas, rounded down. A plain init container runs before the pod's main containers,
 * next to the sidecars started before it, so it gets the main containers' part of the pod's budget
 * and the pod's effective request stays that budget. GPUs are whole devices: each replica's first
 * container gets the order's GPUs divided by the number of replicas, rounded down. Storage claims
 * keep their requests (rounded up to whole GiB) when the order covers them; claims without a
 * request share what is left.
 */
final class ResourceAllotment {

    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String STORAGE = "storage";
    static final String GPU = "nvidia.com/gpu";
    static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final String SIDECAR = "Always";
    private static final long MISSING = -1;
    private static final long UNREADABLE = -2;

    /** The pods of one Deployment or StatefulSet. */
    record PodWorkload(PodSpec spec, int replicas) {
        /** Replicas budgeted: at least one, so that scaling up from zero stays within the order. */
        long budgetedReplicas() {
            return Math.max(1, replicas);
        }

        long runningContainers() {
            return spec.getContainers().size() + spec.getInitContainers().stream()
                    .filter(container -> SIDECAR.equals(container.getRestartPolicy())).count();
        }
    }

    /** A claim for storage, made {@code count} times (once, or once per StatefulSet replica). */
    record StorageClaim(Findings.Scope scope, String path, PersistentVolumeClaim claim, long count) {
    }

    private ResourceAllotment() {
    }

    /** Writes resources into the workloads and claims and answers the total handed out. */
    static Resources allot(List<PodWorkload> workloads, List<StorageClaim> claims, Resources ordered, Findings findings) {
        Resources compute = allotCompute(workloads, ordered, findings);
        long storage = allotStorage(claims, ordered.storageGib(), findings);
        return new Resources(compute.cpuMillicores(), compute.memoryMib(), storage, compute.gpuCount(), compute.gpuModel());
    }

    private static Resources allotCompute(List<PodWorkload> workloads, Resources ordered, Findings findings) {
        long containerReplicas = 0;
        long pods = 0;
        for (PodWorkload workload : workloads) {
            containerReplicas = Math.addExact(containerReplicas,
                    Math.multiplyExact(workload.budgetedReplicas(), workload.runningContainers()));
            pods = Math.addExact(pods, workload.budgetedReplicas());
        }
        if (containerReplicas == 0) {
            return Resources.NONE;
        }
        long cpu = ordered.cpuMillicores() / containerReplicas;
        long memory = ordered.memoryMib() / containerReplicas;
        if (cpu < 1 || memory < 1) {
            findings.add(Violation.WHOLE_WORKLOAD, "", "", ViolationCode.ORDER_TOO_SMALL,
                    "the order's " + ordered.cpuMillicores() + "m CPU and " + ordered.memoryMib()
                            + "Mi memory cannot give each of " + containerReplicas
                            + " container-replicas at least 1m CPU and 1Mi memory");
            return Resources.NONE;
        }
        long gpusPerPod = ordered.gpuCount() / pods;
        for (PodWorkload workload : workloads) {
            PodSpec spec = workload.spec();
            long sidecars = 0;
            for (Container init : spec.getInitContainers()) {
                if (SIDECAR.equals(init.getRestartPolicy())) {
                    init.setResources(requirements(cpu, memory, 0));
                    sidecars++;
                }
            }
            long mainContainers = workload.runningContainers() - sidecars;
            for (Container init : spec.getInitContainers()) {
                if (!SIDECAR.equals(init.getRestartPolicy())) {
                    init.setResources(requirements(cpu * mainContainers, memory * mainContainers, 0));
                }
            }
            List<Container> containers = spec.getContainers();
            for (int i = 0; i < containers.size(); i++) {
                containers.get(i).setResources(requirements(cpu, memory, i == 0 ? gpusPerPod : 0));
            }
            if (gpusPerPod > 0) {
                requireGpuModel(spec, GpuModels.parse(ordered.gpuModel()));
            }
        }
        long gpus = gpusPerPod * pods;
        return new Resources(cpu * containerReplicas, memory * containerReplicas, 0, gpus,
                gpus > 0 ? ordered.gpuModel() : "");
    }

    /**
     * Puts the pod on a node of one of the ordered GPU models: a required node affinity on the label
     * {@code nvidia.com/gpu.product} (as NVIDIA GPU feature discovery sets it), added to each of the template's
     * own required terms (Kubernetes ORs the terms, ANDs the expressions of one term), or as the only term.
     */
    private static void requireGpuModel(PodSpec spec, List<String> models) {
        NodeSelectorRequirement onModel = new NodeSelectorRequirementBuilder().withKey(GPU_PRODUCT_LABEL)
                .withOperator("In").withValues(models).build();
        if (spec.getAffinity() == null) {
            spec.setAffinity(new Affinity());
        }
        if (spec.getAffinity().getNodeAffinity() == null) {
            spec.getAffinity().setNodeAffinity(new NodeAffinity());
        }
        NodeAffinity affinity = spec.getAffinity().getNodeAffinity();
        NodeSelector required = affinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null || required.getNodeSelectorTerms() == null || required.getNodeSelectorTerms().isEmpty()) {
            affinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelectorBuilder()
                    .addNewNodeSelectorTerm().withMatchExpressions(onModel).endNodeSelectorTerm().build());
            return;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            List<NodeSelectorRequirement> expressions = new ArrayList<>(
                    term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions());
            expressions.removeIf(e -> GPU_PRODUCT_LABEL.equals(e.getKey()));
            expressions.add(onModel);
            term.setMatchExpressions(expressions);
        }
    }

    private static ResourceRequirements requirements(long cpuMillicores, long memoryMib, long gpus) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put(CPU, new Quantity(cpuMillicores + "m"));
        amounts.put(MEMORY, new Quantity(memoryMib + "Mi"));
        if (gpus > 0) {
            amounts.put(GPU, new Quantity(Long.toString(gpus)));
        }
        ResourceRequirements requirements = new ResourceRequirements();
        requirements.setRequests(new LinkedHashMap<>(amounts));
        requirements.setLimits(new LinkedHashMap<>(amounts));
        return requirements;
    }

    private static long allotStorage(List<StorageClaim> claims, long orderedGib, Findings findings) {
        long explicit = 0;
        long missingCount = 0;
        // Per claim: its GiB, MISSING when it asks for none, UNREADABLE when its request is refused.
        List<Long> gibs = new ArrayList<>();
        for (StorageClaim claim : claims) {
            Quantity requested = requested(claim.claim());
            if (requested == null) {
                gibs.add(MISSING);
                missingCount = Math.addExact(missingCount, claim.count());
                continue;
            }
            try {
                long gib = Math.max(1, Quantity.getAmountInBytes(requested)
                        .divide(GIB, 0, RoundingMode.CEILING).longValueExact());
                gibs.add(gib);
                explicit = saturatedAdd(explicit, saturatedMultiply(gib, claim.count()));
            } catch (ArithmeticException | IllegalArgumentException e) {
                claim.scope().refuse(claim.path() + "/spec/resources/requests/storage", ViolationCode.INVALID_QUANTITY,
                        "the storage request " + requested + " cannot be read: " + e.getMessage());
                gibs.add(UNREADABLE);
            }
        }
        if (explicit > orderedGib) {
            findings.add(Violation.WHOLE_WORKLOAD, "", "", ViolationCode.STORAGE_EXCEEDED,
                    "the claims request " + explicit + "Gi of storage; the order has " + orderedGib + "Gi");
            return 0;
        }
        long fill = missingCount == 0 ? 0 : (orderedGib - explicit) / missingCount;
        if (missingCount > 0 && fill < 1) {
            findings.add(Violation.WHOLE_WORKLOAD, "", "", ViolationCode.STORAGE_EXCEEDED,
                    "no storage of the order's " + orderedGib + "Gi is left for " + missingCount
                            + " claims without a request");
            return 0;
        }
        for (int i = 0; i < claims.size(); i++) {
            long gib = gibs.get(i);
            if (gib != UNREADABLE) {
                setStorage(claims.get(i).claim(), gib == MISSING ? fill : gib);
            }
        }
        return explicit + fill * missingCount;
    }

    private static Quantity requested(PersistentVolumeClaim claim) {
        PersistentVolumeClaimSpec spec = claim.getSpec();
        if (spec == null || spec.getResources() == null || spec.getResources().getRequests() == null) {
            return null;
        }
        return spec.getResources().getRequests().get(STORAGE);
    }

    private static void setStorage(PersistentVolumeClaim claim, long gib) {
        if (claim.getSpec() == null) {
            claim.setSpec(new PersistentVolumeClaimSpec());
        }
        VolumeResourceRequirements resources = new VolumeResourceRequirements();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put(STORAGE, new Quantity(gib + "Gi"));
        resources.setRequests(requests);
        claim.getSpec().setResources(resources);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
