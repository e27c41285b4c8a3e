package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The headers that belong to one connection (RFC 9110 section 7.6.1) and must not cross the proxy:
 * Connection and the headers it names, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade and every
 * Proxy-* header. Framing (Content-Length, Transfer-Encoding) is set again by the caller afterwards.
 */
final class HopByHopHeaders {

    private static final AsciiString PROXY_PREFIX = AsciiString.of("proxy-");
    private static final AsciiString[] FIXED = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE
    };

    private HopByHopHeaders() {
    }

    /** True for a WebSocket opening handshake: GET with {@code Upgrade: websocket} and {@code Connection: upgrade}. */
    static boolean isWebSocketUpgrade(HttpRequest request) {
        HttpHeaders headers = request.headers();
        // contains() first: it costs no iterator, and almost no request carries Upgrade.
        return HttpMethod.GET.equals(request.method())
                && headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /**
     * Removes the hop-by-hop headers.
     *
     * @param headers        the headers to clean, changed in place
     * @param keepWebSocket  true to keep {@code Upgrade: websocket} (with {@code Connection: Upgrade})
     */
    static void strip(HttpHeaders headers, boolean keepWebSocket) {
        String upgrade = keepWebSocket ? headers.get(HttpHeaderNames.UPGRADE) : null;
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                removeNamedIn(headers, value);
            }
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
        // The headers' iterator is read-only: collect, then remove (a list only when such a header exists).
        List<CharSequence> proxyHeaders = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            CharSequence name = entries.next().getKey();
            if (name.length() >= PROXY_PREFIX.length()
                    && AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
                if (proxyHeaders == null) {
                    proxyHeaders = new ArrayList<>(2);
                }
                proxyHeaders.add(name);
            }
        }
        if (proxyHeaders != null) {
            proxyHeaders.forEach(headers::remove);
        }
        if (upgrade != null) {
            headers.set(HttpHeaderNames.UPGRADE, upgrade);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        }
    }

    /** Removes the headers a Connection value names, except the framing headers and Host. */
    private static void removeNamedIn(HttpHeaders headers, String connection) {
        int start = 0;
        while (start < connection.length()) {
            int end = connection.indexOf(',', start);
            if (end < 0) {
                end = connection.length();
            }
            int first = start;
            int last = end;
            while (first < last && connection.charAt(first) <= ' ') {
                first++;
            }
            while (last > first && connection.charAt(last - 1) <= ' ') {
                last--;
            }
            if (last > first && !isFixed(connection, first, last)) {
                String name = connection.substring(first, last);
                if (!HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                        && !HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
                    headers.remove(name);
                }
            }
            start = end + 1;
        }
    }

    /** True when the token is one of the fixed hop-by-hop names (removed anyway, so no string is made for it). */
    private static boolean isFixed(String text, int start, int end) {
        for (AsciiString name : FIXED) {
            if (name.length() == end - start && name.regionMatches(true, 0, text, start, end - start)) {
                return true;
            }
        }
        return false;
    }
}
