package io.grid.client;

import io.grid.api.Problem;

/**
 * A GRID server refused a request: its RFC 9457 problem, with the HTTP status and the stable {@code reason}
 * code (for example {@code INSUFFICIENT_CREDITS}, {@code TRANSFER_NOT_CONFIRMED}).
 */
public class GridProblemException extends GridClientException {

    private final transient Problem problem;

    public GridProblemException(Problem problem) {
        super(problem.status() + " " + problem.reason() + ": "
                + (problem.detail() == null ? problem.title() : problem.detail()));
        this.problem = problem;
    }

    /** @return the problem as the server sent it */
    public Problem problem() {
        return problem;
    }

    /** @return the HTTP status */
    public int status() {
        return problem.status();
    }

    /** @return the reason code, or {@code UNKNOWN} when the server named none */
    public String reason() {
        return problem.reason() == null ? "UNKNOWN" : problem.reason();
    }

    /** @return the human detail, or the title when there is no detail */
    public String detail() {
        return problem.detail() == null ? problem.title() : problem.detail();
    }
}
