package io.grid.client;

/** A waiting helper gave up: what it waited for did not happen within its timeout. */
public class GridTimeoutException extends GridClientException {

    public GridTimeoutException(String message) {
        super(message);
    }
}
