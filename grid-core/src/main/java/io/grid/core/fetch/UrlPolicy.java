package io.grid.core.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether the gateway may fetch a user-given URL (server-side request forgery guard). It
 * does no I/O of its own beyond asking its {@link HostResolver}; the caller then connects only to
 * the addresses in the returned {@link FetchTarget}.
 *
 * <p>Refused: schemes other than http and https; user info; hosts that are not plain names or IP
 * literals; names used inside clusters and private networks ({@code localhost}, names without a
 * dot, {@code *.svc}, {@code *.local} including {@code *.cluster.local}, {@code *.internal},
 * {@code *.localhost}, {@code *.localdomain}, {@code *.home.arpa}); and any host of which even one
 * address is {@linkplain BlockedAddresses blocked}. Numeric hosts are read the way resolvers read
 * them (decimal, hex, octal, short forms) and judged by the address they mean; a public address
 * spelled other than {@code a.b.c.d} is refused as malformed, so that the URL means the same to
 * every client.
 *
 * @param resolver resolves host names; inject one in tests so that no real DNS is asked
 * @param allowedHosts hosts exempt from the address and internal-name rules, for tests that fetch
 *     from a server on loopback; spelled as {@link FetchTarget#host()} spells them (lower case, IPv6
 *     without brackets); must be empty in production
 */
public record UrlPolicy(HostResolver resolver, Set<String> allowedHosts) {

    /** The longest URL accepted, in characters. */
    public static final int MAX_URL_LENGTH = 2048;

    private static final Pattern HOST_NAME = Pattern.compile(
            "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final int MAX_HOST_LENGTH = 253;
    private static final List<String> INTERNAL_SUFFIXES = List.of(
            ".svc", ".local", ".internal", ".localhost", ".localdomain", ".home.arpa");

    public UrlPolicy {
        if (resolver == null) {
            throw new IllegalArgumentException("resolver is missing");
        }
        allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts);
    }

    /** A policy with the system resolver and no exempt hosts: the production policy. */
    public static UrlPolicy strict() {
        return new UrlPolicy(HostResolver.system(), Set.of());
    }

    /**
     * Checks {@code url} and resolves its host.
     *
     * @return the URL with the addresses the caller must connect to
     * @throws FetchRefusedException when the URL must not be fetched
     */
    public FetchTarget check(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw refused(FetchRefusal.MALFORMED_URL, "the URL is missing or longer than " + MAX_URL_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException notUri) {
            throw refused(FetchRefusal.MALFORMED_URL, "the URL cannot be read: " + notUri.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(FetchRefusal.BAD_SCHEME, "only http and https URLs are fetched");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw refused(FetchRefusal.MALFORMED_URL, "the URL names no host");
        }
        if (authority.contains("@")) {
            throw refused(FetchRefusal.USERINFO, "the URL must not carry a user name or password");
        }
        // The authority is split here rather than taken from URI.getHost(), which gives up on forms
        // like 0177.0.0.1 that resolvers still accept.
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw refused(FetchRefusal.MALFORMED_URL, "the IPv6 literal is not closed");
            }
            host = authority.substring(1, close).toLowerCase(Locale.ROOT);
            port = portPart(authority.substring(close + 1));
        } else {
            int colon = authority.lastIndexOf(':');
            host = (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
            port = colon < 0 ? null : authority.substring(colon);
            port = portPart(port == null ? "" : port);
            if (host.endsWith(".")) {
                // "localhost." is localhost: the root label changes nothing.
                host = host.substring(0, host.length() - 1);
            }
        }
        int portNumber = port == null ? (scheme.equals("https") ? 443 : 80) : portNumber(port);
        URI target = uri.normalize();
        boolean exempt = allowedHosts.contains(host);
        List<InetAddress> addresses = authority.startsWith("[")
                ? List.of(ipv6(host))
                : addressesOf(host, exempt);
        if (!exempt) {
            for (InetAddress address : addresses) {
                if (BlockedAddresses.isBlocked(address)) {
                    throw refused(FetchRefusal.BLOCKED_ADDRESS,
                            "the host '" + host + "' is or resolves to a blocked address");
                }
            }
        }
        return new FetchTarget(target, host, portNumber, addresses);
    }

    /**
     * Checks where a redirect points, resolved against the URL that answered with it; a gateway that
     * follows redirects calls this for every hop.
     */
    public FetchTarget checkRedirect(FetchTarget from, String location) {
        if (location == null || location.isBlank() || location.length() > MAX_URL_LENGTH) {
            throw refused(FetchRefusal.MALFORMED_URL, "the redirect names no location");
        }
        URI next;
        try {
            next = from.uri().resolve(new URI(location));
        } catch (URISyntaxException notUri) {
            throw refused(FetchRefusal.MALFORMED_URL, "the redirect location cannot be read: " + notUri.getReason());
        }
        return check(next.toString());
    }

    private List<InetAddress> addressesOf(String host, boolean exempt) {
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH || !HOST_NAME.matcher(host).matches()) {
            throw refused(FetchRefusal.MALFORMED_URL, "the host '" + host + "' is not a plain host name");
        }
        Optional<byte[]> numeric = NumericHost.ipv4(host);
        if (numeric.isPresent()) {
            InetAddress address = address(host, numeric.get());
            if (!exempt && BlockedAddresses.isBlocked(address)) {
                throw refused(FetchRefusal.BLOCKED_ADDRESS, "the host '" + host + "' means the blocked address "
                        + address.getHostAddress());
            }
            if (!NumericHost.isDottedQuad(host)) {
                throw refused(FetchRefusal.MALFORMED_URL, "write the IPv4 address as "
                        + address.getHostAddress());
            }
            return List.of(address);
        }
        if (!exempt && isInternalName(host)) {
            throw refused(FetchRefusal.CLUSTER_INTERNAL_NAME, "the host '" + host + "' is a cluster-internal name");
        }
        return resolve(host);
    }

    private List<InetAddress> resolve(String host) {
        List<InetAddress> resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException unknown) {
            throw refused(FetchRefusal.UNRESOLVABLE, "the host '" + host + "' does not resolve");
        }
        if (resolved == null || resolved.isEmpty()) {
            throw refused(FetchRefusal.UNRESOLVABLE, "the host '" + host + "' resolves to no address");
        }
        return new ArrayList<>(resolved);
    }

    private static boolean isInternalName(String host) {
        return !host.contains(".") || INTERNAL_SUFFIXES.stream().anyMatch(host::endsWith);
    }

    private static String portPart(String afterHost) {
        if (afterHost.isEmpty()) {
            return null;
        }
        if (!afterHost.startsWith(":") || !PORT.matcher(afterHost.substring(1)).matches()) {
            throw refused(FetchRefusal.MALFORMED_URL, "the port is not a number");
        }
        return afterHost.substring(1);
    }

    private static int portNumber(String port) {
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw refused(FetchRefusal.MALFORMED_URL, "the port is out of range");
        }
        return number;
    }

    private static InetAddress ipv6(String literal) {
        if (literal.contains("%")) {
            throw refused(FetchRefusal.MALFORMED_URL, "IPv6 zone ids are not accepted");
        }
        try {
            // Inet6Address keeps an IPv4-mapped address as IPv6; InetAddress.getByAddress would not.
            return Inet6Address.getByAddress(null, NumericHost.ipv6(literal), -1);
        } catch (UnknownHostException impossible) {
            // Only thrown for a byte array of the wrong length, and NumericHost always gives 16.
            throw new IllegalStateException(impossible);
        }
    }

    private static InetAddress address(String host, byte[] bytes) {
        try {
            return InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException impossible) {
            // Only thrown for a byte array of the wrong length, and NumericHost always gives 4.
            throw new IllegalStateException(impossible);
        }
    }

    private static FetchRefusedException refused(FetchRefusal refusal, String detail) {
        return new FetchRefusedException(refusal, detail);
    }
}
