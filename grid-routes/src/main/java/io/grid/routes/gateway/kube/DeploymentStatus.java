package io.grid.routes.gateway.kube;

import io.grid.core.app.AppFailure;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * What an order's app is doing now.
 *
 * @param orderId      the order
 * @param namespace    the order's namespace
 * @param exists       false when the namespace is gone (never deployed, or torn down)
 * @param workloads    each Deployment and StatefulSet with its desired and ready replicas
 * @param podPhases    pod name to phase (Pending, Running, Succeeded, Failed, Unknown)
 * @param recentEvents the namespace's latest events, oldest first, as {@code reason: message}
 * @param failure      why the app does not run, when the cluster says so; {@code null} otherwise
 */
public record DeploymentStatus(BigInteger orderId, String namespace, boolean exists, List<Workload> workloads,
                               Map<String, String> podPhases, List<String> recentEvents, AppFailure failure) {

    public DeploymentStatus {
        workloads = List.copyOf(workloads);
        podPhases = Map.copyOf(podPhases);
        recentEvents = List.copyOf(recentEvents);
    }

    /** True when the namespace exists and every workload has all its replicas ready. */
    public boolean ready() {
        return exists && workloads.stream().allMatch(Workload::ready);
    }

    /**
     * One workload.
     *
     * @param kind            Deployment or StatefulSet
     * @param name            its name
     * @param desiredReplicas replicas asked for
     * @param readyReplicas   replicas ready now
     * @param restarts        container restarts of its pods, together
     * @param lastTerminationReason why its last terminated container ended ({@code OOMKilled}, {@code Error}…), or {@code null}
     */
    public record Workload(String kind, String name, int desiredReplicas, int readyReplicas, int restarts,
                           String lastTerminationReason) {

        /** True when every desired replica is ready. */
        public boolean ready() {
            return readyReplicas >= desiredReplicas;
        }
    }
}
