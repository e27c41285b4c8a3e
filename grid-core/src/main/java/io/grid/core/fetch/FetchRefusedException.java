package io.grid.core.fetch;

/** A fetch refused for a known {@link FetchRefusal} reason; the HTTP layer answers it with a problem+json. */
public class FetchRefusedException extends RuntimeException {

    private final FetchRefusal refusal;

    public FetchRefusedException(FetchRefusal refusal, String detail) {
        super(detail);
        this.refusal = refusal;
    }

    /** Why the fetch was refused. */
    public FetchRefusal refusal() {
        return refusal;
    }
}
