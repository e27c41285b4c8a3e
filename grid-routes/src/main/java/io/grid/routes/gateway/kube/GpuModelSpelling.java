package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.grid.api.GpuModels;
import io.grid.core.greet.ClusterInventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GPU models match case-insensitively everywhere in GRID, but a node affinity's {@code In} compares label values
 * exactly: before a GPU order's workloads are written, each value of their {@code nvidia.com/gpu.product} requirement
 * gets every spelling the cluster's nodes use for that model.
 */
final class GpuModelSpelling {

    private GpuModelSpelling() {
    }

    static void respell(List<HasMetadata> objects, List<Node> nodes) {
        Map<String, Set<String>> spellings = nodes.stream()
                .map(n -> n.getMetadata().getLabels() == null ? null
                        : n.getMetadata().getLabels().get(ClusterInventory.GPU_PRODUCT_LABEL))
                .filter(v -> v != null && !v.isBlank())
                .collect(Collectors.groupingBy(GpuModels::key, Collectors.toCollection(LinkedHashSet::new)));
        for (HasMetadata object : objects) {
            PodSpec spec = object instanceof Deployment d && d.getSpec() != null && d.getSpec().getTemplate() != null
                    ? d.getSpec().getTemplate().getSpec()
                    : object instanceof StatefulSet s && s.getSpec() != null && s.getSpec().getTemplate() != null
                    ? s.getSpec().getTemplate().getSpec() : null;
            if (spec == null || spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                    || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
                continue;
            }
            for (NodeSelectorTerm term : spec.getAffinity().getNodeAffinity()
                    .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
                for (NodeSelectorRequirement requirement : term.getMatchExpressions()) {
                    if (ClusterInventory.GPU_PRODUCT_LABEL.equals(requirement.getKey()) && requirement.getValues() != null) {
                        Set<String> values = new LinkedHashSet<>();
                        for (String value : requirement.getValues()) {
                            values.add(value);
                            values.addAll(spellings.getOrDefault(GpuModels.key(value), Set.of()));
                        }
                        requirement.setValues(new ArrayList<>(values));
                    }
                }
            }
        }
    }
}
