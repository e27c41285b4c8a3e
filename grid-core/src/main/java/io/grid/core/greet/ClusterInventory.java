package io.grid.core.greet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.grid.api.GpuModels;
import io.grid.api.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Kubernetes cluster can still hold, read from its objects without I/O: per schedulable node, its
 * {@code status.allocatable} ({@code cpu}, {@code memory}, {@code ephemeral-storage}, {@code nvidia.com/gpu}) minus the
 * requests of the pods bound to it that have not ended (phase neither {@code Succeeded} nor {@code Failed}), never
 * below zero; summed over the nodes. A node's GPU model is its {@code nvidia.com/gpu.product} label (set by NVIDIA GPU
 * feature discovery); when {@code status.allocatable} has no {@code nvidia.com/gpu}, the {@code nvidia.com/gpu.count}
 * label stands in for it.
 *
 * @param cpuMillicores free CPU, in thousandths of a core, rounded down
 * @param memoryMib     free memory, in MiB, rounded down
 * @param storageGib    free ephemeral storage, in GiB, rounded down
 * @param gpusByModel   free GPUs per model (as the nodes spell it), in node order; GPUs of nodes without a model
 *                      label are not offered
 */
public record ClusterInventory(long cpuMillicores, long memoryMib, long storageGib, Map<String, Long> gpusByModel) {

    /** The node label naming the GPU model. */
    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
    /** The node label counting the GPUs. */
    public static final String GPU_COUNT_LABEL = "nvidia.com/gpu.count";
    /** The extended resource of NVIDIA GPUs. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";

    private static final BigDecimal MILLI = BigDecimal.valueOf(1000);
    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    public ClusterInventory {
        gpusByModel = Map.copyOf(gpusByModel);
    }

    /** Free capacity of one node. */
    private record Free(BigDecimal cpu, BigDecimal memory, BigDecimal storage, BigDecimal gpus) {
        Free minus(Free used) {
            return new Free(floor(cpu.subtract(used.cpu)), floor(memory.subtract(used.memory)),
                    floor(storage.subtract(used.storage)), floor(gpus.subtract(used.gpus)));
        }

        Free plus(Free other) {
            return new Free(cpu.add(other.cpu), memory.add(other.memory), storage.add(other.storage), gpus.add(other.gpus));
        }

        private static BigDecimal floor(BigDecimal value) {
            return value.signum() < 0 ? BigDecimal.ZERO : value;
        }
    }

    private static final Free NOTHING = new Free(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    /**
     * The free capacity of {@code nodes} with {@code pods} scheduled. Nodes marked unschedulable hold nothing new; pods
     * bound to no listed node are ignored.
     *
     * @throws IllegalArgumentException when an argument is missing or a quantity cannot be read
     */
    public static ClusterInventory of(Collection<Node> nodes, Collection<Pod> pods) {
        if (nodes == null || pods == null) {
            throw new IllegalArgumentException("nodes and pods are required");
        }
        Map<String, Free> used = new HashMap<>();
        for (Pod pod : pods) {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            used.merge(node, requests(pod.getSpec()), Free::plus);
        }
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        BigDecimal storage = BigDecimal.ZERO;
        Map<String, BigDecimal> gpus = new LinkedHashMap<>();
        Map<String, String> spelling = new HashMap<>();
        for (Node node : nodes) {
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                continue;
            }
            Free free = allocatable(node).minus(used.getOrDefault(node.getMetadata().getName(), NOTHING));
            cpu = cpu.add(free.cpu);
            memory = memory.add(free.memory);
            storage = storage.add(free.storage);
            String model = label(node, GPU_PRODUCT_LABEL);
            if (model != null && !model.isBlank() && free.gpus.signum() > 0) {
                String key = GpuModels.key(model);
                spelling.putIfAbsent(key, model.strip());
                gpus.merge(key, free.gpus, BigDecimal::add);
            } else if (model != null && !model.isBlank()) {
                spelling.putIfAbsent(GpuModels.key(model), model.strip());
                gpus.putIfAbsent(GpuModels.key(model), BigDecimal.ZERO);
            }
        }
        Map<String, Long> byModel = new LinkedHashMap<>();
        gpus.forEach((key, count) -> byModel.put(spelling.get(key), whole(count, BigDecimal.ONE)));
        return new ClusterInventory(whole(cpu, BigDecimal.ONE.divide(MILLI)), whole(memory, MIB), whole(storage, GIB),
                byModel);
    }

    /** The models the nodes have, free or not. */
    public List<String> gpuModels() {
        return List.copyOf(gpusByModel.keySet());
    }

    /** Free GPUs of any of the models {@code wanted} names (comma-separated, ignoring case). */
    public long gpusOf(String wanted) {
        List<String> models = GpuModels.parse(wanted);
        return gpusByModel.entrySet().stream().filter(e -> GpuModels.contains(models, e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * The smaller of {@code configured} and this, per quantity, for an order wanting {@code wantedGpuModel}: its GPUs
     * are the configured ones, at most the free GPUs of the wanted models on the nodes; its GPU models are the
     * configured ones the nodes have (all of them, even with none free).
     */
    public Resources limit(Resources configured, String wantedGpuModel) {
        List<String> present = GpuModels.common(GpuModels.parse(configured.gpuModel()), gpuModels());
        long liveGpus = wantedGpuModel == null || wantedGpuModel.isBlank() ? 0 : gpusOf(wantedGpuModel);
        long gpus = present.isEmpty() ? 0 : Math.min(configured.gpuCount(), liveGpus);
        return new Resources(Math.min(configured.cpuMillicores(), cpuMillicores),
                Math.min(configured.memoryMib(), memoryMib), Math.min(configured.storageGib(), storageGib), gpus,
                GpuModels.join(present));
    }

    /** This capacity as resources: every GPU, its models joined. */
    public Resources asResources() {
        long gpus = gpusByModel.values().stream().mapToLong(Long::longValue).sum();
        return new Resources(cpuMillicores, memoryMib, storageGib, gpus, GpuModels.join(gpuModels()));
    }

    /**
     * Each quantity {@code asked} lacks in {@code free}, as {@code "cpu: asked 4000m, free 2000m"}, joined by
     * {@code "; "}; empty when {@code free} covers every quantity.
     */
    public static String shortfall(Resources asked, Resources free) {
        List<String> lacking = new ArrayList<>();
        if (asked.cpuMillicores() > free.cpuMillicores()) {
            lacking.add("cpu: asked " + asked.cpuMillicores() + "m, free " + free.cpuMillicores() + "m");
        }
        if (asked.memoryMib() > free.memoryMib()) {
            lacking.add("memory: asked " + asked.memoryMib() + "Mi, free " + free.memoryMib() + "Mi");
        }
        if (asked.storageGib() > free.storageGib()) {
            lacking.add("storage: asked " + asked.storageGib() + "Gi, free " + free.storageGib() + "Gi");
        }
        if (asked.gpuCount() > free.gpuCount()) {
            lacking.add("gpu: asked " + asked.gpuCount() + " " + asked.gpuModel() + ", free " + free.gpuCount());
        }
        if (asked.gpuCount() > 0 && !GpuModels.offers(free.gpuModel(), asked.gpuModel())) {
            lacking.add("gpu model: asked " + asked.gpuModel() + ", free models [" + free.gpuModel() + "]");
        }
        return String.join("; ", lacking);
    }

    private static Free allocatable(Node node) {
        Map<String, Quantity> amounts = node.getStatus() == null || node.getStatus().getAllocatable() == null ? Map.of()
                : node.getStatus().getAllocatable();
        BigDecimal gpus = amount(amounts.get(GPU_RESOURCE));
        if (!amounts.containsKey(GPU_RESOURCE)) {
            String count = label(node, GPU_COUNT_LABEL);
            gpus = count == null || count.isBlank() ? BigDecimal.ZERO : amount(new Quantity(count.strip()));
        }
        return new Free(amount(amounts.get("cpu")), amount(amounts.get("memory")),
                amount(amounts.get("ephemeral-storage")), gpus);
    }

    /**
     * True when a pod of {@code spec} fits into this free capacity: each of its requests (CPU, memory, ephemeral
     * storage, GPUs of any model) is at most what is free. For one node's inventory, that is whether a scheduler
     * could bind it there, resources-wise.
     */
    public boolean holds(PodSpec spec) {
        Free asked = requests(spec);
        long gpus = gpusByModel.values().stream().mapToLong(Long::longValue).sum();
        return asked.cpu.multiply(MILLI).compareTo(BigDecimal.valueOf(cpuMillicores)) <= 0
                && asked.memory.compareTo(MIB.multiply(BigDecimal.valueOf(memoryMib))) <= 0
                && asked.storage.compareTo(GIB.multiply(BigDecimal.valueOf(storageGib))) <= 0
                && asked.gpus.compareTo(BigDecimal.valueOf(gpus)) <= 0;
    }

    /** A pod's effective request: the sum over its containers, at least each init container's, plus its overhead. */
    private static Free requests(PodSpec spec) {
        Free sum = NOTHING;
        if (spec == null) {
            return sum;
        }
        for (Container container : spec.getContainers()) {
            sum = sum.plus(requestOf(container));
        }
        for (Container init : spec.getInitContainers()) {
            Free r = requestOf(init);
            sum = new Free(sum.cpu.max(r.cpu), sum.memory.max(r.memory), sum.storage.max(r.storage), sum.gpus.max(r.gpus));
        }
        Map<String, Quantity> overhead = spec.getOverhead();
        if (overhead != null) {
            sum = sum.plus(new Free(amount(overhead.get("cpu")), amount(overhead.get("memory")),
                    amount(overhead.get("ephemeral-storage")), BigDecimal.ZERO));
        }
        return sum;
    }

    /** A container's requests; a quantity with a limit but no request is requested at its limit, as the API defaults it. */
    private static Free requestOf(Container container) {
        if (container.getResources() == null) {
            return NOTHING;
        }
        Map<String, Quantity> requests = new HashMap<>();
        if (container.getResources().getLimits() != null) {
            requests.putAll(container.getResources().getLimits());
        }
        if (container.getResources().getRequests() != null) {
            requests.putAll(container.getResources().getRequests());
        }
        return new Free(amount(requests.get("cpu")), amount(requests.get("memory")),
                amount(requests.get("ephemeral-storage")), amount(requests.get(GPU_RESOURCE)));
    }

    private static BigDecimal amount(Quantity quantity) {
        if (quantity == null) {
            return BigDecimal.ZERO;
        }
        try {
            return quantity.getNumericalAmount();
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the quantity " + quantity + " cannot be read", e);
        }
    }

    private static long whole(BigDecimal amount, BigDecimal unit) {
        BigDecimal units = amount.divide(unit, 0, RoundingMode.FLOOR);
        return units.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : units.longValueExact();
    }

    private static String label(Node node, String name) {
        Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
        return labels == null ? null : labels.get(name);
    }
}
