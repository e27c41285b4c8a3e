package io.grid.routes.gateway.proxy;

/**
 * A request the proxy answers itself with a problem+json body, raised while reading the request.
 * It carries no stack trace: it is an answer, not a fault.
 */
final class ProxyProblem extends RuntimeException {

    private final int status;
    private final String reason;

    ProxyProblem(int status, String reason, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
