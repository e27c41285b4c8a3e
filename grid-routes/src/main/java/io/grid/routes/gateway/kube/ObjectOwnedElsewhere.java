package io.grid.routes.gateway.kube;

import java.math.BigInteger;

/**
 * An object of the order's app already exists (409) and its labels do not say it belongs to this
 * order, so GRID will not overwrite it.
 */
public class ObjectOwnedElsewhere extends DeployFailure {

    private final String object;

    public ObjectOwnedElsewhere(BigInteger orderId, String object) {
        super(orderId, object + " already exists and does not belong to order " + orderId, null);
        this.object = object;
    }

    /** The object, as {@code Kind/name}. */
    public String object() {
        return object;
    }
}
