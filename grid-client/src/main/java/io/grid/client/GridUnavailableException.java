package io.grid.client;

/** A server or chain node could not be reached, or answered something that is not GRID's API. */
public class GridUnavailableException extends GridClientException {

    public GridUnavailableException(String message) {
        super(message);
    }

    public GridUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
