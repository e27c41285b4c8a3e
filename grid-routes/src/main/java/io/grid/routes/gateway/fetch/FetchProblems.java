package io.grid.routes.gateway.fetch;

import io.grid.api.Problem;
import io.grid.core.fetch.FetchRefusedException;
import io.grid.routes.http.Problems;

/**
 * How a refused YAML fetch is answered: the refusal's own status ({@code 400} for a URL or address the
 * policy refuses, {@code 413} too large, {@code 415} wrong content type, {@code 502} upstream failed,
 * {@code 504} too slow), its name as the reason code, and the refusal's message as the detail.
 */
public final class FetchProblems {

    private FetchProblems() {
    }

    /** The problem answering {@code refused}. */
    public static Problem of(FetchRefusedException refused) {
        return Problem.of(refused.refusal().httpStatus(), "YAML URL refused", refused.refusal().name(),
                refused.getMessage());
    }

    /** Makes {@code problems} answer every {@link FetchRefusedException} with {@link #of}. */
    public static Problems registerWith(Problems problems) {
        return problems.register(FetchRefusedException.class, FetchProblems::of);
    }
}
