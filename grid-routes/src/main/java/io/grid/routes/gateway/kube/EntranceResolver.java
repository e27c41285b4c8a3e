package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.Service;

import java.net.URI;

/**
 * Extension point: where the gateway's reverse proxy reaches an order's app, given the Service
 * chosen as its entrance. Production uses {@link ClusterDnsEntrances}; the simulated cluster answers
 * with a real local HTTP backend.
 */
@FunctionalInterface
public interface EntranceResolver {

    /** The base URI ({@code http://host:port}) of the Service's entrance. */
    URI entranceOf(Service service);
}
