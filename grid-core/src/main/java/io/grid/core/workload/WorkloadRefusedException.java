package io.grid.core.workload;

import java.util.List;

/**
 * Untrusted workload YAML was refused; carries every violation found, not only the first. The HTTP
 * layer answers it with a 4xx problem+json listing the violations.
 */
public class WorkloadRefusedException extends RuntimeException {

    private final transient List<Violation> violations;

    public WorkloadRefusedException(List<Violation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    /** Every reason the workload was refused, in document order. */
    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one violation");
        }
        String first = violations.get(0).toString();
        return violations.size() == 1 ? "workload refused: " + first
                : "workload refused (" + violations.size() + " violations), first: " + first;
    }
}
