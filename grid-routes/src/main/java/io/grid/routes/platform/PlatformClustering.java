package io.grid.routes.platform;

import io.grid.routes.cluster.SendingFence;
import io.grid.routes.platform.jobs.PlatformJobStore;
import java.util.Objects;
import org.apache.camel.cluster.CamelClusterService;

/**
 * How one platform replica shares the work with the others ({@link PlatformAssembly#clustered}):
 * <ul>
 *   <li>{@code service}/{@code namespace}: Camel's cluster service electing the one sender of the platform key
 *       (the transfer confirmation poller runs only on the leader, by Camel's {@code ClusteredRoutePolicy}; the
 *       outbox pass checks leadership at each pass); null for a single node;</li>
 *   <li>{@code fence}: the leader's lock or lease, checked by the outbox right before it signs;</li>
 *   <li>{@code jobStore}: Quartz's clustered JDBC job store for the scheduled jobs; null for Quartz in memory.</li>
 * </ul>
 */
public record PlatformClustering(CamelClusterService service, String namespace, SendingFence fence,
                                 PlatformJobStore jobStore) {

    /** One process: no election, in-memory Quartz. */
    public static PlatformClustering singleNode() {
        return new PlatformClustering(null, null, SendingFence.SINGLE_NODE, null);
    }

    public PlatformClustering {
        Objects.requireNonNull(fence, "fence");
        if (service != null && (namespace == null || namespace.isBlank())) {
            throw new IllegalArgumentException("a cluster service needs a namespace");
        }
    }

    /** True when replicas elect a sender. */
    public boolean elected() {
        return service != null;
    }
}
