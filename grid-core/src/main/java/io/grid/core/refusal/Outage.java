package io.grid.core.refusal;

/**
 * Why a request could not be completed although it was valid: a part GRID relies on (the chain, the cluster, the
 * outbox) did not do its part in time. Each has a stable code (its name) and the server-error status the HTTP edge
 * answers it with; services throw {@link OutageException}.
 */
public enum Outage {
    /** The relayed transaction is stored in the outbox and will still be sent; no receipt came within the wait. */
    RELAY_PENDING(504),
    /** The gateway's acceptance of the order is not mined yet; greet type 1 again shortly. */
    ACCEPT_PENDING(503),
    /** The gateway's acceptance of the order failed on its way to the chain. */
    ACCEPT_FAILED(502),
    /** The provider's cluster refused the app. */
    CLUSTER_REFUSED(502),
    /** The provider's Kubernetes API could not be read (its nodes and pods, for the live free capacity). */
    CLUSTER_UNAVAILABLE(503),
    /** The service is stopping. */
    INTERRUPTED(503);

    private final int httpStatus;

    Outage(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this outage is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
