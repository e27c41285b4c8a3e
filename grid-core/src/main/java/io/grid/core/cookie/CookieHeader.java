package io.grid.core.cookie;

/**
 * Reads the request headers that carry a gateway session: one cookie's value in a {@code Cookie} header, and the
 * token of an {@code Authorization: Bearer} header. The one parser of both, for the gateway's REST routes and its
 * reverse proxy; it allocates nothing unless it finds the cookie.
 */
public final class CookieHeader {

    private static final String BEARER = "bearer ";

    private CookieHeader() {
    }

    /**
     * The value of cookie {@code name} in one {@code Cookie} header ({@code a=1; name=value}), or null when the
     * header is null, has no such cookie or an empty value. Surrounding quotes are removed.
     */
    public static String value(String cookieHeader, String name) {
        if (cookieHeader == null || name.isEmpty() || !cookieHeader.contains(name)) {
            return null;
        }
        int start = 0;
        while (start < cookieHeader.length()) {
            int semicolon = cookieHeader.indexOf(';', start);
            int end = semicolon < 0 ? cookieHeader.length() : semicolon;
            int eq = cookieHeader.indexOf('=', start);
            if (eq > start && eq < end && named(cookieHeader, start, eq, name)) {
                int first = eq + 1;
                int last = end;
                while (first < last && cookieHeader.charAt(first) <= ' ') {
                    first++;
                }
                while (last > first && cookieHeader.charAt(last - 1) <= ' ') {
                    last--;
                }
                if (last - first >= 2 && cookieHeader.charAt(first) == '"' && cookieHeader.charAt(last - 1) == '"') {
                    first++;
                    last--;
                }
                return last > first ? cookieHeader.substring(first, last) : null;
            }
            start = end + 1;
        }
        return null;
    }

    /** The token of an {@code Authorization: Bearer} header (the scheme in any case), or null. */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** True when {@code header[from, to)}, without the spaces around it, is {@code name}. */
    private static boolean named(String header, int from, int to, String name) {
        int first = from;
        int last = to;
        while (first < last && header.charAt(first) <= ' ') {
            first++;
        }
        while (last > first && header.charAt(last - 1) <= ' ') {
            last--;
        }
        return last - first == name.length() && header.startsWith(name, first);
    }
}
