package io.grid.api;

import java.math.BigInteger;
import java.util.List;

/**
 * What a deploy did.
 *
 * @param orderId   the order
 * @param namespace the order's own namespace
 * @param objects   the objects applied, as {@code Kind/name}
 * @param entrance  where the gateway's proxy forwards the order's requests ({@code http://host:port})
 * @param ready     true when the workloads reported ready before the deadline
 */
public record DeployResult(BigInteger orderId, String namespace, List<String> objects, String entrance, boolean ready) {

    public DeployResult {
        Require.amount(orderId, "orderId");
        Require.present(namespace, "namespace");
        objects = List.copyOf(Require.present(objects, "objects"));
    }
}
