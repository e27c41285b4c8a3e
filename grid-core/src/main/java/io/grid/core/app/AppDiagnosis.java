package io.grid.core.app;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides why an order's app does not run, from its pods' status and its namespace's events, as a
 * real cluster reports them (kubelet container states, the scheduler's {@code PodScheduled}
 * condition, the controllers' {@code FailedCreate} events). Pure: no I/O, the caller reads the cluster.
 *
 * <p>When several failures show at once, the one that hides the others wins: a quota refusal (no
 * pod at all), then an unschedulable pod, an image that cannot be pulled, a container killed for
 * memory, a crash loop, and last a failing readiness probe.
 */
public final class AppDiagnosis {

    private static final Set<String> IMAGE_PULL_STATES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");
    private static final String OOM_KILLED = "OOMKilled";
    private static final String CRASH_LOOP = "CrashLoopBackOff";

    private AppDiagnosis() {
    }

    /**
     * Why the app does not run, or empty when nothing says it failed (it may still be starting).
     *
     * @param pods   the pods of the order's namespace
     * @param events the namespace's events, in any order
     */
    public static Optional<AppFailure> diagnose(List<Pod> pods, List<ClusterEvent> events) {
        Optional<AppFailure> quota = events.stream()
                .filter(e -> classify(e).orElse(null) == AppFailureReason.QUOTA_EXCEEDED)
                .reduce((first, second) -> second)
                .map(e -> new AppFailure(AppFailureReason.QUOTA_EXCEEDED, null, null, e.message(), null, null, null, null));
        if (quota.isPresent()) {
            return quota;
        }
        List<Pod> sorted = pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        for (Pod pod : sorted) {
            Optional<AppFailure> unschedulable = unschedulable(pod);
            if (unschedulable.isPresent()) {
                return unschedulable;
            }
        }
        for (AppFailureReason wanted : List.of(AppFailureReason.IMAGE_PULL_FAILED, AppFailureReason.OUT_OF_MEMORY,
                AppFailureReason.CRASH_LOOP, AppFailureReason.READINESS_PROBE_FAILING)) {
            for (Pod pod : sorted) {
                for (ContainerStatus status : containerStatuses(pod)) {
                    Optional<AppFailure> failure = containerFailure(pod, status, events).filter(f -> f.reason() == wanted);
                    if (failure.isPresent()) {
                        return failure;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The failure an event tells of, if any: how the events endpoint marks each event. */
    public static Optional<AppFailureReason> classify(ClusterEvent event) {
        String reason = event.reason();
        String message = event.message();
        if ("FailedCreate".equals(reason) && message.contains("exceeded quota")) {
            return Optional.of(AppFailureReason.QUOTA_EXCEEDED);
        }
        if ("FailedScheduling".equals(reason)) {
            return Optional.of(AppFailureReason.UNSCHEDULABLE);
        }
        if ("OOMKilling".equals(reason) || message.contains(OOM_KILLED)) {
            return Optional.of(AppFailureReason.OUT_OF_MEMORY);
        }
        if (("Failed".equals(reason) || "BackOff".equals(reason) || "InspectFailed".equals(reason))
                && (message.contains("pull") || message.contains("Pull") || IMAGE_PULL_STATES.stream().anyMatch(message::contains))) {
            return Optional.of(AppFailureReason.IMAGE_PULL_FAILED);
        }
        if ("BackOff".equals(reason) && message.contains("restarting failed container")) {
            return Optional.of(AppFailureReason.CRASH_LOOP);
        }
        if ("Unhealthy".equals(reason) && message.startsWith("Readiness probe failed")) {
            return Optional.of(AppFailureReason.READINESS_PROBE_FAILING);
        }
        return Optional.empty();
    }

    /** How often the pod's containers were restarted, together. */
    public static int restarts(Pod pod) {
        return containerStatuses(pod).stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }

    /** Why the pod's last terminated container ended ({@code OOMKilled}, {@code Error}, …), or {@code null}. */
    public static String lastTerminationReason(Pod pod) {
        String last = null;
        for (ContainerStatus status : containerStatuses(pod)) {
            ContainerStateTerminated terminated = terminated(status);
            if (terminated != null && terminated.getReason() != null) {
                last = terminated.getReason();
            }
        }
        return last;
    }

    private static Optional<AppFailure> unschedulable(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
                    && "Unschedulable".equals(condition.getReason())) {
                return Optional.of(new AppFailure(AppFailureReason.UNSCHEDULABLE, pod.getMetadata().getName(), null,
                        condition.getMessage(), null, null, null, null));
            }
        }
        return Optional.empty();
    }

    private static Optional<AppFailure> containerFailure(Pod pod, ContainerStatus status, List<ClusterEvent> events) {
        String podName = pod.getMetadata().getName();
        String container = status.getName();
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        ContainerStateTerminated terminated = terminated(status);
        if (waiting != null && IMAGE_PULL_STATES.contains(waiting.getReason())) {
            String image = status.getImage() != null ? status.getImage() : imageOf(pod, container);
            return Optional.of(new AppFailure(AppFailureReason.IMAGE_PULL_FAILED, podName, container,
                    waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()), image, null,
                    null, null));
        }
        if (terminated != null && OOM_KILLED.equals(terminated.getReason())) {
            return Optional.of(new AppFailure(AppFailureReason.OUT_OF_MEMORY, podName, container, OOM_KILLED, null,
                    terminated.getExitCode(), memoryLimitOf(pod, container), null));
        }
        if (waiting != null && CRASH_LOOP.equals(waiting.getReason())) {
            Integer exitCode = terminated == null ? null : terminated.getExitCode();
            String detail = terminated == null || terminated.getReason() == null ? CRASH_LOOP
                    : CRASH_LOOP + ", last ended with " + terminated.getReason();
            return Optional.of(new AppFailure(AppFailureReason.CRASH_LOOP, podName, container, detail, null, exitCode,
                    null, null));
        }
        boolean running = status.getState() != null && status.getState().getRunning() != null;
        if (running && !Boolean.TRUE.equals(status.getReady())) {
            return events.stream()
                    .filter(e -> e.object().equals("Pod/" + podName))
                    .filter(e -> classify(e).orElse(null) == AppFailureReason.READINESS_PROBE_FAILING)
                    .reduce((first, second) -> second)
                    .map(e -> new AppFailure(AppFailureReason.READINESS_PROBE_FAILING, podName, container, e.message(),
                            null, null, null, null));
        }
        return Optional.empty();
    }

    /** The container's current termination, or else its last one. */
    private static ContainerStateTerminated terminated(ContainerStatus status) {
        ContainerState state = status.getState();
        if (state != null && state.getTerminated() != null) {
            return state.getTerminated();
        }
        ContainerState last = status.getLastState();
        return last == null ? null : last.getTerminated();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        return pod.getStatus().getContainerStatuses();
    }

    private static Optional<Container> containerOf(Pod pod, String name) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return Optional.empty();
        }
        return pod.getSpec().getContainers().stream().filter(c -> name != null && name.equals(c.getName())).findFirst();
    }

    private static String imageOf(Pod pod, String container) {
        return containerOf(pod, container).map(Container::getImage).orElse(null);
    }

    private static String memoryLimitOf(Pod pod, String container) {
        return containerOf(pod, container)
                .filter(c -> c.getResources() != null && c.getResources().getLimits() != null)
                .map(c -> c.getResources().getLimits().get("memory"))
                .map(Quantity::toString)
                .orElse(null);
    }
}
