package io.grid.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}), with two extension members:
 * a machine-readable {@code reason} code and, for policy refusals, the list of {@code violations}.
 *
 * @param type       a URI naming the kind of problem
 * @param title      a short summary of the kind of problem
 * @param status     the HTTP status code
 * @param detail     what went wrong this time
 * @param instance   the request path it happened on, or null
 * @param reason     a stable reason code (for example {@code UNDERPAID}), or null
 * @param violations individual policy violations, or empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String reason,
                      List<String> violations) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status");
        }
        type = type == null ? "about:blank" : type;
        Require.text(title, "title", 200);
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** A problem with a reason code; the type URI is derived from the reason. */
    public static Problem of(int status, String title, String reason, String detail) {
        return new Problem("urn:grid:problem:" + reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                title, status, detail, null, reason, List.of());
    }

    /** This problem, recorded as having happened on {@code path}. */
    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, reason, violations);
    }

    /** This problem with a list of violations. */
    public Problem withViolations(List<String> list) {
        return new Problem(type, title, status, detail, instance, reason, list);
    }
}
