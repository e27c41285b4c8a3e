package io.grid.core.fetch;

/** Why the gateway refuses to fetch a user-given YAML URL, each with the HTTP status it is answered with. */
public enum FetchRefusal {
    /** The URL's scheme is not http or https. */
    BAD_SCHEME(400),
    /** The URL cannot be read, or its host or port is not in a plain form. */
    MALFORMED_URL(400),
    /** The URL carries a user name or password. */
    USERINFO(400),
    /** The host is, or resolves to, an address the gateway must not reach (loopback, private, ...). */
    BLOCKED_ADDRESS(400),
    /** The host is a name only meaningful inside a cluster or a private network. */
    CLUSTER_INTERNAL_NAME(400),
    /** The host name does not resolve. */
    UNRESOLVABLE(400),
    /** A redirect chain is longer than allowed. */
    TOO_MANY_REDIRECTS(400),
    /** The body is, or announces itself as, larger than allowed. */
    TOO_LARGE(413),
    /** The whole fetch took longer than allowed. */
    TOO_SLOW(504),
    /** The response's content type is not one a YAML file is served with. */
    BAD_CONTENT_TYPE(415),
    /** The server refused the connection, answered with an error status, or broke the HTTP exchange. */
    UPSTREAM_FAILED(502);

    private final int httpStatus;

    FetchRefusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this refusal is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
