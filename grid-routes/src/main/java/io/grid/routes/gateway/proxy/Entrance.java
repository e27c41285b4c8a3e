package io.grid.routes.gateway.proxy;

import java.net.URI;
import java.util.Locale;

/**
 * Where an order's app listens: the host and port of its recorded entrance. Requests only ever go
 * here, whatever the request's Host header or absolute URI says.
 *
 * @param host a host name or IP address literal (IPv6 without brackets)
 * @param port a TCP port
 */
record Entrance(String host, int port) {

    Entrance {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("an entrance needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("an entrance needs a port from 1 to 65535, not " + port);
        }
    }

    /** The entrance of an {@code http://host:port} URI; other schemes are refused. */
    static Entrance of(URI uri) {
        if (uri.getScheme() == null || !"http".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("an entrance is an http:// URI, not " + uri);
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("an entrance URI needs a host: " + uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Entrance(host, uri.getPort() == -1 ? 80 : uri.getPort());
    }

    /** The value of the Host header sent upstream. */
    String authority() {
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == 80 ? name : name + ":" + port;
    }
}
