package io.grid.routes.chain;

/** A GRID database was made for another chain than the one the node serves; the message says what to do. */
public class ChainMismatchException extends IllegalStateException {

    /** @param message both chains, and the ways out */
    public ChainMismatchException(String message) {
        super(message);
    }
}
