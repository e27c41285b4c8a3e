package io.grid.routes.gateway.kube;

import java.math.BigInteger;

/** A deploy or teardown of an order's app that did not succeed, for a known reason (see the subclasses). */
public abstract class DeployFailure extends RuntimeException {

    private final BigInteger orderId;

    protected DeployFailure(BigInteger orderId, String message, Throwable cause) {
        super(message, cause);
        this.orderId = orderId;
    }

    /** The order whose app was being deployed or torn down. */
    public BigInteger orderId() {
        return orderId;
    }
}
