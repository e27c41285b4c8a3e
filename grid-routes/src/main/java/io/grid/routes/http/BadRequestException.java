package io.grid.routes.http;

/** A request that cannot be understood: answered 400 with a problem+json body. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String detail) {
        super(detail);
    }
}
