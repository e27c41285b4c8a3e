package io.grid.core.app;

import java.util.List;
import java.util.Objects;

/**
 * Why an order's app does not run, with what the user needs to act on it.
 *
 * @param reason        the typed reason
 * @param pod           the pod it was seen in ({@code null} when no pod could be created)
 * @param container     the container it was seen in, or {@code null}
 * @param detail        what the cluster said, in one line
 * @param image         the image that could not be pulled ({@link AppFailureReason#IMAGE_PULL_FAILED}), else {@code null}
 * @param exitCode      the last exit code (crash loop, out of memory), else {@code null}
 * @param memoryLimit   the container's memory limit ({@link AppFailureReason#OUT_OF_MEMORY}), else {@code null}
 * @param lastLogLines  the last lines the crashed container wrote, oldest first (filled in by who can read logs)
 */
public record AppFailure(AppFailureReason reason, String pod, String container, String detail, String image,
                         Integer exitCode, String memoryLimit, List<String> lastLogLines) {

    public AppFailure {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        lastLogLines = lastLogLines == null ? List.of() : List.copyOf(lastLogLines);
    }

    /** This failure with the crashed container's last log lines. */
    public AppFailure withLastLogLines(List<String> lines) {
        return new AppFailure(reason, pod, container, detail, image, exitCode, memoryLimit, lines);
    }

    /** One sentence for the problem's detail. */
    public String describe() {
        String where = pod == null ? "" : " (pod " + pod + (container == null ? "" : ", container " + container) + ")";
        return switch (reason) {
            case IMAGE_PULL_FAILED -> "image " + image + " cannot be pulled" + where + ": " + detail;
            case CRASH_LOOP -> "the container keeps crashing, last exit code " + exitCode + where + ": " + detail;
            case OUT_OF_MEMORY -> "the container was killed for exceeding its memory limit of " + memoryLimit + where;
            case UNSCHEDULABLE -> "no node can hold the pod" + where + ": " + detail;
            case QUOTA_EXCEEDED -> "the app asks for more than the order's quota: " + detail;
            case READINESS_PROBE_FAILING -> "the readiness probe keeps failing" + where + ": " + detail;
        };
    }
}
