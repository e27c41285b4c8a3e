package io.grid.routes.gateway.kube;

import java.math.BigInteger;

/**
 * The Kubernetes API refused a step (403 Forbidden, 400/422 invalid, 401): retrying cannot help, so
 * none was made. The caller refunds the order.
 */
public class DeployRefusedByCluster extends DeployFailure {

    private final int httpStatus;

    public DeployRefusedByCluster(BigInteger orderId, int httpStatus, String message, Throwable cause) {
        super(orderId, message, cause);
        this.httpStatus = httpStatus;
    }

    /** The status the API server answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
