package io.grid.routes.http;

import io.grid.api.Problem;

/**
 * Ends a request with the given problem. For route code at the HTTP edge (an integrator's own routes too); GRID's
 * services throw the domain exceptions of {@code io.grid.core.refusal} instead and leave the status to
 * {@link Problems}.
 */
public class HttpProblemException extends RuntimeException {

    private final transient Problem problem;

    public HttpProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    /** The problem to answer with. */
    public Problem problem() {
        return problem;
    }

    /** A 404 for something that does not exist. */
    public static HttpProblemException notFound(String what) {
        return new HttpProblemException(Problem.of(404, "Not found", "NOT_FOUND", what + " does not exist"));
    }

    /** A 409 for a request that conflicts with the current state. */
    public static HttpProblemException conflict(String reason, String detail) {
        return new HttpProblemException(Problem.of(409, "Conflict", reason, detail));
    }
}
