package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.net.URI;
import java.util.List;

/**
 * The entrance of a Service by cluster DNS, {@code http://<service>.<namespace>.svc.cluster.local:<port>},
 * for a gateway that runs inside the cluster. The port is the one named {@code http}, else the first.
 */
public class ClusterDnsEntrances implements EntranceResolver {

    private final String clusterDomain;

    /** Entrances under the default cluster domain {@code cluster.local}. */
    public ClusterDnsEntrances() {
        this("cluster.local");
    }

    /** Entrances under another cluster domain. */
    public ClusterDnsEntrances(String clusterDomain) {
        if (clusterDomain == null || !clusterDomain.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("cluster domain is not a DNS name: " + clusterDomain);
        }
        this.clusterDomain = clusterDomain;
    }

    @Override
    public URI entranceOf(Service service) {
        List<ServicePort> ports = service.getSpec() == null ? null : service.getSpec().getPorts();
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("service " + service.getMetadata().getName() + " exposes no port");
        }
        ServicePort port = ports.stream().filter(p -> "http".equals(p.getName())).findFirst().orElse(ports.get(0));
        return URI.create("http://" + service.getMetadata().getName() + "." + service.getMetadata().getNamespace()
                + ".svc." + clusterDomain + ":" + port.getPort());
    }
}
