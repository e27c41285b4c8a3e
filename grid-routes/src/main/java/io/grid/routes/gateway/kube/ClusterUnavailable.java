package io.grid.routes.gateway.kube;

import java.math.BigInteger;

/** The Kubernetes API kept failing (5xx, 429, timeouts) through every try of the backoff. */
public class ClusterUnavailable extends DeployFailure {

    public ClusterUnavailable(BigInteger orderId, String message, Throwable cause) {
        super(orderId, message, cause);
    }
}
