package io.grid.core.workload;

import java.util.Objects;

/**
 * One reason a workload was refused.
 *
 * @param document index of the YAML document (0-based), or {@link #WHOLE_WORKLOAD} when the
 *                 reason concerns all documents together (size, total resources)
 * @param object   {@code Kind/name} of the object, or empty when unknown
 * @param path     JSON pointer to the offending field inside the document, empty for the document
 * @param code     the rule that was broken
 * @param message  a sentence for the user
 */
public record Violation(int document, String object, String path, ViolationCode code, String message) {

    /** The document index of violations that concern the workload as a whole. */
    public static final int WHOLE_WORKLOAD = -1;

    public Violation {
        Objects.requireNonNull(code, "code");
        object = object == null ? "" : object;
        path = path == null ? "" : path;
        message = message == null ? "" : message;
    }

    @Override
    public String toString() {
        String where = document == WHOLE_WORKLOAD ? "workload" : "document " + document;
        return where + (object.isEmpty() ? "" : " " + object) + (path.isEmpty() ? "" : " at " + path)
                + ": " + code + ": " + message;
    }
}
