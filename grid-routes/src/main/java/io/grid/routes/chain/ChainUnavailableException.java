package io.grid.routes.chain;

/** The chain node could not be reached or gave no usable answer; the work is kept and retried later. */
public class ChainUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChainUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
