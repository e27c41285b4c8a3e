package io.grid.core.refusal;

/** A request refused for a known {@link Refusal} reason; the HTTP layer answers it with a problem+json. */
public class RefusedException extends RuntimeException {

    private final Refusal refusal;

    public RefusedException(Refusal refusal, String detail) {
        super(detail);
        this.refusal = refusal;
    }

    /** A {@link Refusal#NOT_FOUND} refusal: {@code what} does not exist. */
    public static RefusedException notFound(String what) {
        return new RefusedException(Refusal.NOT_FOUND, what + " does not exist");
    }

    /** Why the request was refused. */
    public Refusal refusal() {
        return refusal;
    }
}
