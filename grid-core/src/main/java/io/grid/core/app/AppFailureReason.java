package io.grid.core.app;

/**
 * Why an order's app does not run, in the user's terms. Each is answered as the {@code reason} of a
 * problem+json body (HTTP status {@link #httpStatus()}) on deploy, and shown the same in status and events.
 */
public enum AppFailureReason {
    /** A container's image cannot be pulled (wrong name, no access, registry down). */
    IMAGE_PULL_FAILED(422),
    /** A container starts and exits again and again; the last exit code and log lines say why. */
    CRASH_LOOP(422),
    /** A container was killed for using more memory than the order's limit. */
    OUT_OF_MEMORY(422),
    /** No node has room for a pod (insufficient cpu, memory, GPU…): the provider cannot hold it now. */
    UNSCHEDULABLE(503),
    /** The app asks for more than the order's quota in its namespace allows. */
    QUOTA_EXCEEDED(422),
    /** Containers run but their readiness probe keeps failing. */
    READINESS_PROBE_FAILING(422);

    private final int httpStatus;

    AppFailureReason(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status a deploy that failed for this reason is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
