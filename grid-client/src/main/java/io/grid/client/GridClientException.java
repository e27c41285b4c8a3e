package io.grid.client;

/** Base of everything the GRID client throws; see the subclasses for the kinds of failure. */
public class GridClientException extends RuntimeException {

    public GridClientException(String message) {
        super(message);
    }

    public GridClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
