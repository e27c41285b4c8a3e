package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;

/**
 * The gateway's own credentials on a request or response: its cookie (read, then removed before
 * proxying, while the app's own cookies pass), the {@code Authorization} header (never forwarded),
 * and an upstream {@code Set-Cookie} that would overwrite the gateway's cookie (dropped).
 */
final class GatewayCookie {

    private static final String BEARER = "bearer ";

    private GatewayCookie() {
    }

    /** The value of cookie {@code name} in the Cookie header(s), or null. Surrounding quotes are removed. */
    static String valueIn(HttpHeaders headers, String name) {
        return valueIn(cookieHeaders(headers), name);
    }

    private static String valueIn(List<String> cookieHeaders, String name) {
        for (String header : cookieHeaders) {
            if (!header.contains(name)) {
                continue;
            }
            // Scanned in place rather than split: this runs for every proxied request.
            int start = 0;
            while (start < header.length()) {
                int end = pairEnd(header, start);
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end && isName(header, start, eq, name)) {
                    int first = skipSpaces(header, eq + 1, end);
                    int last = trimEnd(header, first, end);
                    if (last - first >= 2 && header.charAt(first) == '"' && header.charAt(last - 1) == '"') {
                        first++;
                        last--;
                    }
                    return last > first ? header.substring(first, last) : null;
                }
                start = end + 1;
            }
        }
        return null;
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearerToken(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * Removes the gateway's cookie and the Authorization header from a request going to an app.
     * The other cookies stay, joined into one Cookie header as HTTP/1.1 requires.
     */
    static void removeFromRequest(HttpHeaders headers, String name) {
        headers.remove(HttpHeaderNames.AUTHORIZATION);
        List<String> cookieHeaders = cookieHeaders(headers);
        String kept = otherCookies(cookieHeaders, name);
        if (kept == UNCHANGED) {
            return;
        }
        replaceCookies(headers, kept);
    }

    private static void replaceCookies(HttpHeaders headers, String kept) {
        if (kept == null) {
            headers.remove(HttpHeaderNames.COOKIE);
        } else {
            headers.set(HttpHeaderNames.COOKIE, kept);
        }
    }

    /** Marks "the Cookie headers stay as they are" in {@link #otherCookies}. */
    private static final String UNCHANGED = new String("unchanged");

    /**
     * The one Cookie header that replaces {@code cookieHeaders} without the gateway's cookie, null when
     * none is left, or {@link #UNCHANGED} when there is nothing to change.
     */
    private static String otherCookies(List<String> cookieHeaders, String name) {
        StringBuilder kept = null;
        boolean removed = false;
        for (String header : cookieHeaders) {
            int start = 0;
            while (start < header.length()) {
                int end = pairEnd(header, start);
                int first = skipSpaces(header, start, end);
                int last = trimEnd(header, first, end);
                if (last > first) {
                    int eq = header.indexOf('=', first);
                    int nameEnd = eq >= 0 && eq < last ? eq : last;
                    if (isName(header, first, nameEnd, name)) {
                        removed = true;
                    } else {
                        if (kept == null) {
                            kept = new StringBuilder(header.length());
                        } else {
                            kept.append("; ");
                        }
                        kept.append(header, first, last);
                    }
                }
                start = end + 1;
            }
        }
        if (!removed && cookieHeaders.size() <= 1) {
            return UNCHANGED;
        }
        return kept == null ? null : kept.toString();
    }

    /**
     * Reads the gateway's cookie from each request of one client connection and removes it, with the
     * Authorization header, before the request goes to an app. A client sends the same Cookie header on
     * every request of a connection, so the reading of the last single Cookie header is remembered and
     * only compared (a string equality) when it comes again, instead of scanned and copied again.
     * One instance per connection, used on its I/O thread only.
     */
    static final class Reader {
        private final String name;
        private String lastHeader;
        private String lastValue;
        private String lastKept;

        Reader(String name) {
            this.name = name;
        }

        /**
         * The value of the gateway's cookie in {@code headers} (as {@link GatewayCookie#valueIn}), which it
         * then removes with the Authorization header (as {@link GatewayCookie#removeFromRequest}). Read
         * the bearer token first.
         */
        String take(HttpHeaders headers) {
            headers.remove(HttpHeaderNames.AUTHORIZATION);
            if (!headers.contains(HttpHeaderNames.COOKIE)) {
                return null;
            }
            Iterator<? extends CharSequence> values = headers.valueCharSequenceIterator(HttpHeaderNames.COOKIE);
            String header = values.next().toString();
            if (values.hasNext()) {
                // Several Cookie headers: rare, read in full every time (getAll keeps their order).
                List<String> cookieHeaders = headers.getAll(HttpHeaderNames.COOKIE);
                String value = valueIn(cookieHeaders, name);
                String kept = otherCookies(cookieHeaders, name);
                if (kept != UNCHANGED) {
                    replaceCookies(headers, kept);
                }
                return value;
            }
            if (!header.equals(lastHeader)) {
                List<String> cookieHeaders = List.of(header);
                lastValue = valueIn(cookieHeaders, name);
                lastKept = otherCookies(cookieHeaders, name);
                lastHeader = header;
            }
            if (lastKept != UNCHANGED) {
                replaceCookies(headers, lastKept);
            }
            return lastValue;
        }
    }

    /** Drops every upstream {@code Set-Cookie} a browser could turn into the gateway's cookie ({@link #couldShadow}). */
    static void removeFromResponse(HttpHeaders headers, String name) {
        if (!headers.contains(HttpHeaderNames.SET_COOKIE)) {
            return;
        }
        List<String> setCookies = headers.getAll(HttpHeaderNames.SET_COOKIE);
        if (setCookies.isEmpty() || setCookies.stream().noneMatch(value -> setsCookie(value, name))) {
            return;
        }
        headers.remove(HttpHeaderNames.SET_COOKIE);
        for (String value : setCookies) {
            if (!setsCookie(value, name)) {
                headers.add(HttpHeaderNames.SET_COOKIE, value);
            }
        }
    }

    private static boolean setsCookie(String setCookie, String name) {
        return couldShadow(setCookie, name);
    }

    /**
     * True when a browser could turn this upstream {@code Set-Cookie} value into the gateway's own cookie, or into one
     * sent alongside it under its name (RFC 6265bis section 5.6): its name equals the gateway's ignoring case and
     * the {@code __Host-} / {@code __Secure-} prefixes, or its name is empty ({@code =grid_session=...}, or no
     * {@code =} at all), which a browser sends back as a bare value that reads as any name. Such a cookie has no
     * legitimate use behind the gateway, so it is dropped.
     *
     * @param setCookie   the header's value
     * @param gatewayName the gateway's cookie name
     */
    static boolean couldShadow(String setCookie, String gatewayName) {
        int semicolon = setCookie.indexOf(';');
        String pair = semicolon >= 0 ? setCookie.substring(0, semicolon) : setCookie;
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return true; // a nameless cookie: the whole pair is its value
        }
        String name = pair.substring(0, eq).strip();
        return name.isEmpty() || withoutPrefix(name).equalsIgnoreCase(withoutPrefix(gatewayName.strip()));
    }

    private static String withoutPrefix(String name) {
        String rest = name;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : new String[] {"__Host-", "__Secure-", "__Http-", "__Host-Http-"}) {
                if (rest.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    rest = rest.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        return rest;
    }

    /** The Cookie header values in request order; one lookup and no list copy in the usual one-header case. */
    private static List<String> cookieHeaders(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return List.of();
        }
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.COOKIE);
        String first = values.next();
        // The value iterator runs newest first; getAll restores the order of several headers.
        return values.hasNext() ? headers.getAll(HttpHeaderNames.COOKIE) : List.of(first);
    }

    private static int pairEnd(String header, int start) {
        int end = header.indexOf(';', start);
        return end < 0 ? header.length() : end;
    }

    private static int skipSpaces(String text, int start, int end) {
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        return start;
    }

    private static int trimEnd(String text, int start, int end) {
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        return end;
    }

    /** True when {@code text[start, end)}, without surrounding spaces, equals {@code name}. */
    private static boolean isName(String text, int start, int end, String name) {
        int first = skipSpaces(text, start, end);
        int last = trimEnd(text, first, end);
        return last - first == name.length() && text.startsWith(name, first);
    }
}
