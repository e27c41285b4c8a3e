package io.grid.core.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.grid.api.Resources;
import java.util.List;

/**
 * Workload objects that passed {@link YamlPolicy}: placed in the order's namespace, labelled,
 * hardened, and given resources from the order.
 *
 * @param objects  the objects, in document order, ready to be created
 * @param allotted the total handed out: Σ over workloads of replicas × Σ containers' limits, plus
 *                 all requested storage; always covered by the order
 */
public record SanitisedWorkload(List<HasMetadata> objects, Resources allotted) {

    public SanitisedWorkload {
        objects = List.copyOf(objects);
    }
}
