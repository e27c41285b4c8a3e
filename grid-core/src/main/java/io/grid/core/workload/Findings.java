package io.grid.core.workload;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while a workload is checked, so that the user learns of all of them at once. */
final class Findings {

    private final List<Violation> violations = new ArrayList<>();

    void add(int document, String object, String path, ViolationCode code, String message) {
        violations.add(new Violation(document, object, path, code, message));
    }

    /** Violations of one document, about one object. */
    Scope in(int document, String object) {
        return new Scope(document, object);
    }

    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new WorkloadRefusedException(violations);
        }
    }

    /** JSON pointer of {@code key} below {@code parent}, escaped as RFC 6901 says. */
    static String child(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /** The violations of one document about one object. */
    final class Scope {
        private final int document;
        private final String object;
        private final int before = violations.size();

        private Scope(int document, String object) {
            this.document = document;
            this.object = object;
        }

        void refuse(String path, ViolationCode code, String message) {
            add(document, object, path, code, message);
        }

        /** True when this scope has added no violation. */
        boolean clean() {
            return violations.size() == before;
        }
    }
}
