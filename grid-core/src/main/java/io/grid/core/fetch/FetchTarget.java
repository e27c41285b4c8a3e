package io.grid.core.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A URL that passed {@link UrlPolicy}: the caller connects to one of {@code addresses} (never
 * resolving {@code host} again, which would reopen the door to DNS rebinding) and sends {@code host}
 * as the Host header / TLS server name.
 *
 * @param uri the URL to request
 * @param host the host name or literal, lower case, without brackets or a trailing dot
 * @param port the port to connect to (80 or 443 when the URL names none)
 * @param addresses the checked addresses of {@code host}; not empty
 */
public record FetchTarget(URI uri, String host, int port, List<InetAddress> addresses) {

    public FetchTarget {
        if (uri == null || host == null || addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("uri, host and at least one address are required");
        }
        addresses = List.copyOf(addresses);
    }
}
