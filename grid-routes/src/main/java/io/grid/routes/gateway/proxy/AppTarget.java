package io.grid.routes.gateway.proxy;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The order and the upstream request-target named by a request for an order's app: either the path
 * {@code /orders/{id}/app/rest} (the prefix is removed) or, with a wildcard domain, the host
 * {@code {id}.apps.<domain>} (the path is kept).
 *
 * <p>Path segments that are, or decode to, {@code .} or {@code ..}, and encoded slashes or
 * backslashes, are refused rather than normalised: an app path must never reach another order's
 * app, and the proxy cannot know how the app decodes its paths.
 *
 * @param orderId     the order
 * @param upstreamUri the origin-form request-target sent to the entrance (path and query)
 * @param prefix      the path prefix removed, or empty for a wildcard host
 */
record AppTarget(BigInteger orderId, String upstreamUri, String prefix) {

    private static final String ORDERS = "/orders/";
    private static final String APP = "/app";
    private static final String APPS_LABEL = ".apps.";
    /** uint256 has at most 78 decimal digits. */
    private static final int MAX_ID_DIGITS = 78;
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    /**
     * Reads a request-target and Host header.
     *
     * @param requestTarget  the request line's target (origin or absolute form)
     * @param host           the Host header, or null
     * @param wildcardDomain the configured wildcard domain, or null
     * @throws ProxyProblem 404 when the request is not for an app, 400 when its path is unsafe
     */
    static AppTarget parse(String requestTarget, String host, String wildcardDomain) {
        String target = originForm(requestTarget);
        int queryStart = target.indexOf('?');
        int fragmentStart = target.indexOf('#');
        int pathEnd = queryStart >= 0 ? queryStart : fragmentStart >= 0 ? fragmentStart : target.length();
        String path = target.substring(0, pathEnd);
        String query = queryStart >= 0
                ? target.substring(queryStart, fragmentStart > queryStart ? fragmentStart : target.length())
                : "";
        requireSafePath(path);

        if (wildcardDomain != null && host != null) {
            String id = orderLabel(host, wildcardDomain);
            if (id != null) {
                return new AppTarget(orderId(id), (path.isEmpty() ? "/" : path) + query, "");
            }
        }
        if (!path.startsWith(ORDERS)) {
            throw notAnApp();
        }
        int idEnd = path.indexOf('/', ORDERS.length());
        if (idEnd < 0 || !path.startsWith(APP, idEnd)) {
            throw notAnApp();
        }
        int rest = idEnd + APP.length();
        if (rest < path.length() && path.charAt(rest) != '/') {
            throw notAnApp();
        }
        BigInteger orderId = orderId(path.substring(ORDERS.length(), idEnd));
        String upstreamPath = rest == path.length() ? "/" : path.substring(rest);
        return new AppTarget(orderId, upstreamPath + query, path.substring(0, rest));
    }

    /** Drops scheme and authority of an absolute-form target: only the entrance decides where to go. */
    private static String originForm(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.substring(0, scheme).chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '+' || c == '-' || c == '.')) {
            int pathStart = target.indexOf('/', scheme + 3);
            int queryStart = target.indexOf('?', scheme + 3);
            if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
                return queryStart < 0 ? "/" : "/" + target.substring(queryStart);
            }
            return target.substring(pathStart);
        }
        throw new ProxyProblem(400, "BAD_REQUEST_TARGET", "the request target must be a path");
    }

    private static void requireSafePath(String path) {
        if (path.indexOf('\\') >= 0) {
            throw traversal();
        }
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            requireSafeSegment(path, start, end);
            start = end + 1;
        }
    }

    private static void requireSafeSegment(String path, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return;
        }
        if (path.indexOf('%', start) < 0 || path.indexOf('%', start) >= end) {
            if (path.charAt(start) == '.' && (length == 1 || (length == 2 && path.charAt(start + 1) == '.'))) {
                throw traversal();
            }
            return;
        }
        // Decode twice: some apps decode again, and %252e%252e must not become ".." there either.
        String once = percentDecode(path, start, end);
        String twice = once.indexOf('%') >= 0 ? percentDecode(once, 0, once.length()) : once;
        for (String decoded : new String[] {once, twice}) {
            if (isDots(decoded) || decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0
                    || decoded.indexOf('\0') >= 0) {
                throw traversal();
            }
        }
    }

    private static boolean isDots(String segment) {
        return segment.equals(".") || segment.equals("..");
    }

    /** Decodes %XX escapes to chars (byte values); invalid escapes are left as they are. */
    private static String percentDecode(String text, int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < end) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The order id label of {@code {id}.apps.<domain>[:port]}, or null when the host is another. */
    private static String orderLabel(String host, String wildcardDomain) {
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && name.indexOf(']') < 0) {
            name = name.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String suffix = APPS_LABEL + wildcardDomain;
        if (!name.endsWith(suffix) || name.length() == suffix.length()) {
            return null;
        }
        String label = name.substring(0, name.length() - suffix.length());
        return label.indexOf('.') >= 0 ? null : label;
    }

    private static BigInteger orderId(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_ID_DIGITS || !allDigits(digits)) {
            throw new ProxyProblem(404, "UNKNOWN_ORDER", "an order id is a decimal number");
        }
        // Ids below 10^18 (every id in practice) take the cheap long path.
        BigInteger id = digits.length() <= 18 ? BigInteger.valueOf(Long.parseLong(digits)) : new BigInteger(digits);
        if (id.compareTo(UINT256_LIMIT) >= 0) {
            throw new ProxyProblem(404, "UNKNOWN_ORDER", "an order id fits in 256 bits");
        }
        return id;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static ProxyProblem notAnApp() {
        return new ProxyProblem(404, "NOT_FOUND", "only /orders/{id}/app/... is served here");
    }

    private static ProxyProblem traversal() {
        return new ProxyProblem(400, "PATH_TRAVERSAL", "dot segments and encoded slashes are not allowed in app paths");
    }
}
