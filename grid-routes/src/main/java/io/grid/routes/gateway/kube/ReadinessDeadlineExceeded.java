package io.grid.routes.gateway.kube;

import io.grid.api.DeployResult;

/**
 * The order's objects were created but its workloads were not ready before the deadline. Carries
 * what was deployed ({@code ready == false}) and the status at the deadline, so the caller can
 * show the user why (events, pod phases) or tear it down.
 */
public class ReadinessDeadlineExceeded extends DeployFailure {

    private final transient DeployResult deployed;
    private final transient DeploymentStatus status;

    public ReadinessDeadlineExceeded(DeployResult deployed, DeploymentStatus status, Throwable cause) {
        super(deployed.orderId(), "workloads of order " + deployed.orderId() + " not ready before the deadline: "
                + status.workloads(), cause);
        this.deployed = deployed;
        this.status = status;
    }

    /** What was deployed, not ready. */
    public DeployResult deployed() {
        return deployed;
    }

    /** The order's status at the deadline. */
    public DeploymentStatus status() {
        return status;
    }
}
