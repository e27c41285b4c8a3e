package io.grid.simulated;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.core.greet.ClusterInventory;
import java.util.List;
import java.util.Map;

/**
 * SIMULATED scheduler: picks the node a pod is bound to, as kube-scheduler's filters would for what the simulation
 * knows: the pod's requests fit into the node's allocatable minus the requests of the pods already bound to it
 * (grid-core's {@link ClusterInventory} for that node), its {@code nodeSelector} and required node affinity match the
 * node's labels, and the node is not cordoned. The first such node in name order wins (no scoring).
 */
final class SimulatedScheduler {

    /** Where a pod goes: the node's name, or why none fits (a FailedScheduling message). */
    record Placement(String node, String refusal) {
    }

    private final KubernetesClient client;

    SimulatedScheduler(KubernetesClient client) {
        this.client = client;
    }

    /** The cluster has nodes: with none (a bare mock API server), pods are not bound, as before nodes existed. */
    boolean hasNodes() {
        return !client.nodes().list().getItems().isEmpty();
    }

    /** Where a pod of {@code spec} would go now; {@code replacing} names a pod being recreated (its own use is not counted). */
    Placement place(PodSpec spec, String replacingNamespace, String replacingName) {
        List<Node> nodes = client.nodes().list().getItems().stream()
                .sorted(java.util.Comparator.comparing(n -> n.getMetadata().getName())).toList();
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> !(p.getMetadata().getNamespace().equals(replacingNamespace)
                        && p.getMetadata().getName().equals(replacingName)))
                .toList();
        int insufficient = 0;
        int mismatched = 0;
        for (Node node : nodes) {
            if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                mismatched++;
                continue;
            }
            if (!selects(spec, node)) {
                mismatched++;
                continue;
            }
            if (!ClusterInventory.of(List.of(node), pods).holds(spec)) {
                insufficient++;
                continue;
            }
            return new Placement(node.getMetadata().getName(), null);
        }
        return new Placement(null, "0/" + nodes.size() + " nodes are available: "
                + (insufficient > 0 ? insufficient + " Insufficient resources (cpu, memory, ephemeral-storage or "
                + "nvidia.com/gpu)" : "") + (insufficient > 0 && mismatched > 0 ? ", " : "")
                + (mismatched > 0 ? mismatched + " node(s) didn't match Pod's node affinity/selector" : "")
                + ". preemption: 0/" + nodes.size() + " nodes are available: " + nodes.size()
                + " No preemption victims found for incoming pod.");
    }

    private static boolean selects(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null) {
            for (Map.Entry<String, String> wanted : spec.getNodeSelector().entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        if (terms == null || terms.isEmpty()) {
            return true;
        }
        return terms.stream().anyMatch(term -> term.getMatchExpressions() == null
                || term.getMatchExpressions().stream().allMatch(e -> matches(e, labels)));
    }

    private static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> value != null && !values.isEmpty() && Long.parseLong(value) > Long.parseLong(values.get(0));
            case "Lt" -> value != null && !values.isEmpty() && Long.parseLong(value) < Long.parseLong(values.get(0));
            default -> false;
        };
    }
}
