package io.grid.core.refusal;

/** A valid request that could not be completed now, for the given {@link Outage}. */
public class OutageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Outage outage;

    public OutageException(Outage outage, String detail) {
        super(detail);
        this.outage = outage;
    }

    /** What did not do its part. */
    public Outage outage() {
        return outage;
    }
}
