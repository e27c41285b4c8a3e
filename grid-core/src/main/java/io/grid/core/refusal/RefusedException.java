package io.grid.core.refusal;

/** A request refused for a known {@link Refusal} reason; the HTTP layer answers it with a problem+json. */
public class RefusedException extends RuntimeException {

    private final Refusal refusal;

    public RefusedException(Refusal refusal, String detail) {
        super(detail);
        this.refusal = refusal;
    }

    /** Why the request was refused. */
    public Refusal refusal() {
        return refusal;
    }
}
