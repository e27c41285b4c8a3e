package io.grid.routes.store;

/** A database operation of the platform failed; carries the underlying {@link java.sql.SQLException}. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
