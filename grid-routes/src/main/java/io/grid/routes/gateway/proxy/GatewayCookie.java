package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
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
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            if (!header.contains(name)) {
                continue;
            }
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value.isEmpty() ? null : value;
                }
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
        List<String> cookieHeaders = headers.getAll(HttpHeaderNames.COOKIE);
        if (cookieHeaders.isEmpty()) {
            return;
        }
        if (cookieHeaders.size() == 1 && !cookieHeaders.get(0).contains(name)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                String cookieName = (eq >= 0 ? trimmed.substring(0, eq) : trimmed).trim();
                if (!cookieName.equals(name)) {
                    if (kept.length() > 0) {
                        kept.append("; ");
                    }
                    kept.append(trimmed);
                }
            }
        }
        if (kept.length() == 0) {
            headers.remove(HttpHeaderNames.COOKIE);
        } else {
            headers.set(HttpHeaderNames.COOKIE, kept.toString());
        }
    }

    /** Drops every upstream {@code Set-Cookie} that names the gateway's cookie. */
    static void removeFromResponse(HttpHeaders headers, String name) {
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
        int eq = setCookie.indexOf('=');
        int semicolon = setCookie.indexOf(';');
        int end = eq >= 0 && (semicolon < 0 || eq < semicolon) ? eq : semicolon >= 0 ? semicolon : setCookie.length();
        return setCookie.substring(0, end).trim().equals(name);
    }
}
