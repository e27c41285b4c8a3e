package io.grid.routes.gateway.kube;

import io.grid.api.DeployResult;
import io.grid.core.app.AppFailure;

/**
 * The order's app was deployed but does not run, for a reason the cluster reports (image pull,
 * crash loop, out of memory, unschedulable, quota, readiness probe): answered at once, instead of
 * waiting for the readiness deadline. The app's objects stay, so its logs and events can be read.
 */
public class AppFailed extends DeployFailure {

    private final transient DeployResult deployed;
    private final transient AppFailure failure;

    public AppFailed(DeployResult deployed, AppFailure failure) {
        super(deployed.orderId(), "app of order " + deployed.orderId() + " fails: " + failure.reason() + ": "
                + failure.describe(), null);
        this.deployed = deployed;
        this.failure = failure;
    }

    /** What was deployed, not ready. */
    public DeployResult deployed() {
        return deployed;
    }

    /** Why it does not run. */
    public AppFailure failure() {
        return failure;
    }
}
