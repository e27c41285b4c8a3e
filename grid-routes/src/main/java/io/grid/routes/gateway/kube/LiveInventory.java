package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grid.core.greet.ClusterInventory;
import io.grid.core.log.LogEvent;
import io.grid.core.workload.OrderNamespace;
import io.grid.core.refusal.Outage;
import io.grid.core.refusal.OutageException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the provider's cluster can still hold: lists its nodes and the pods of every namespace (two list calls,
 * allowed by the gateway's ClusterRole as {@code list nodes} and {@code list pods}) and lets grid-core's
 * {@link ClusterInventory} compute the free capacity.
 */
public class LiveInventory {

    private static final Logger LOG = LoggerFactory.getLogger(LiveInventory.class);

    private final KubernetesClient client;

    public LiveInventory(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The cluster's free capacity now.
     *
     * @throws OutageException 503 CLUSTER_UNAVAILABLE when the nodes or pods cannot be listed, or cannot be read
     */
    public ClusterInventory read() {
        return read(false);
    }

    /**
     * What the cluster can give GRID's orders in all: as {@link #read()}, without subtracting the pods of order
     * namespaces ({@code grid-order-<id>}, reserved on chain already).
     */
    public ClusterInventory readBesidesOrders() {
        return read(true);
    }

    private ClusterInventory read(boolean besidesOrders) {
        List<Node> nodes;
        List<Pod> pods;
        try {
            nodes = client.nodes().list().getItems();
            pods = client.pods().inAnyNamespace().list().getItems();
        } catch (KubernetesClientException e) {
            LogEvent.warn(LOG, "cluster_inventory_unavailable").with("code", e.getCode()).with("error", e.getMessage())
                    .log();
            throw new OutageException(Outage.CLUSTER_UNAVAILABLE, "the cluster's nodes and pods cannot be listed: "
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : "HTTP " + e.getCode()));
        }
        if (besidesOrders) {
            pods = pods.stream().filter(p -> p.getMetadata().getNamespace() == null
                    || !p.getMetadata().getNamespace().startsWith(OrderNamespace.NAME_PREFIX)).toList();
        }
        try {
            return ClusterInventory.of(nodes, pods);
        } catch (IllegalArgumentException e) {
            throw new OutageException(Outage.CLUSTER_UNAVAILABLE, "the cluster's nodes and pods cannot be read: "
                    + e.getMessage());
        }
    }
}
