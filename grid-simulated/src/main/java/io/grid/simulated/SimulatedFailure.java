package io.grid.simulated;

import java.util.List;

/**
 * SIMULATED: a failure the {@link SimulatedKubelet} can be told to produce in a namespace, with the pod
 * status, workload status and events a real cluster reports for it.
 */
public enum SimulatedFailure {
    /** Containers wait in {@code ErrImagePull}; events {@code Failed} and {@code BackOff} name the image. */
    IMAGE_PULL,
    /** Containers wait in {@code CrashLoopBackOff}, last terminated with {@link #CRASH_EXIT_CODE}, after writing {@link #CRASH_LOG}. */
    CRASH_LOOP,
    /** Containers wait in {@code CrashLoopBackOff}, last terminated {@code OOMKilled} (exit code 137). */
    OUT_OF_MEMORY,
    /** Pods stay {@code Pending} with {@code PodScheduled=False, Unschedulable} and a {@code FailedScheduling} event. */
    UNSCHEDULABLE,
    /** No pod is created; the controller's {@code FailedCreate} event says the quota is exceeded. */
    QUOTA_EXCEEDED,
    /** Containers run but are not ready; the kubelet's {@code Unhealthy} event says the readiness probe failed. */
    READINESS_PROBE;

    /** The exit code of a crash-looping container. */
    public static final int CRASH_EXIT_CODE = 3;
    /** What a crash-looping container wrote before it exited, each time. */
    public static final List<String> CRASH_LOG = List.of("starting app", "reading /etc/app/config.yaml",
            "fatal: /etc/app/config.yaml: no such file or directory");
}
