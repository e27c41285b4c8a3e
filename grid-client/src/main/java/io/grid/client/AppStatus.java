package io.grid.client;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * An order's app at its gateway: the namespace and its workloads' readiness.
 *
 * @param orderId      the order
 * @param namespace    the order's own namespace
 * @param exists       whether the namespace exists
 * @param workloads    the Deployments and StatefulSets with their replicas
 * @param podPhases    pod name to phase
 * @param recentEvents the namespace's latest events, oldest first
 */
public record AppStatus(BigInteger orderId, String namespace, boolean exists, List<Workload> workloads,
                        Map<String, String> podPhases, List<String> recentEvents) {

    public AppStatus {
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
        podPhases = podPhases == null ? Map.of() : Map.copyOf(podPhases);
        recentEvents = recentEvents == null ? List.of() : List.copyOf(recentEvents);
    }

    /** @return true when the namespace exists and every workload has all its replicas ready */
    public boolean ready() {
        return exists && workloads.stream().allMatch(w -> w.readyReplicas() >= w.desiredReplicas());
    }

    /**
     * One workload.
     *
     * @param kind            Deployment or StatefulSet
     * @param name            its name
     * @param desiredReplicas replicas asked for
     * @param readyReplicas   replicas ready now
     */
    public record Workload(String kind, String name, int desiredReplicas, int readyReplicas) {
    }
}
