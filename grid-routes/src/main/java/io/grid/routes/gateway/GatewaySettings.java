package io.grid.routes.gateway;

import io.grid.api.Resources;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one provider's gateway is configured. The provider's own address is not here: it is the
 * account of the gateway's chain outbox (the provider's key signs acceptOrder and completeOrder).
 *
 * @param publicUrl        the gateway's public base URL as users reach it ({@code https://gw.example.org});
 *                         its host (and port) is the sign-in domain, its scheme decides the cookie's
 *                         {@code Secure} attribute
 * @param chainId          the EIP-155 id of the chain holding the orders; sign-in messages must name it
 * @param allocatable      what this cluster can hand out to orders in total; greet type 0 subtracts what
 *                         accepted orders hold
 * @param cookieName       the name of the gateway's session cookie (the proxy strips it before forwarding)
 * @param nonceTtl         how long a sign-in nonce may be used after it was handed out
 * @param acceptTimeout    how long greet type 1 waits for the acceptOrder receipt before answering 503
 *                         (the transaction stays in the outbox; greeting again picks it up)
 * @param lifecyclePeriod  pause between two runs of the order lifecycle job
 */
public record GatewaySettings(URI publicUrl, long chainId, Resources allocatable, String cookieName,
                              Duration nonceTtl, Duration acceptTimeout, Duration lifecyclePeriod) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public GatewaySettings {
        Objects.requireNonNull(publicUrl, "publicUrl");
        String scheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || publicUrl.getHost() == null) {
            throw new IllegalArgumentException("publicUrl must be an absolute http(s) URL with a host");
        }
        if (chainId <= 0) {
            throw new IllegalArgumentException("chainId must be positive");
        }
        Objects.requireNonNull(allocatable, "allocatable");
        if (cookieName == null || !TOKEN.matcher(cookieName).matches()) {
            throw new IllegalArgumentException("cookieName must be an HTTP token");
        }
        requirePositive(nonceTtl, "nonceTtl");
        requirePositive(acceptTimeout, "acceptTimeout");
        requirePositive(lifecyclePeriod, "lifecyclePeriod");
    }

    /** Settings with the usual timings: nonces for 5 minutes, 30 s for an acceptance, lifecycle every 30 s. */
    public static GatewaySettings of(URI publicUrl, long chainId, Resources allocatable) {
        return new GatewaySettings(publicUrl, chainId, allocatable, "grid_session", Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    /** The sign-in domain: the public URL's host, with its port when it has one, lower case. */
    public String domain() {
        String host = publicUrl.getHost().toLowerCase(Locale.ROOT);
        return publicUrl.getPort() == -1 ? host : host + ":" + publicUrl.getPort();
    }

    /** True when users reach the gateway over TLS, so the cookie is marked {@code Secure}. */
    public boolean secure() {
        return "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    /** These settings with another lifecycle period. */
    public GatewaySettings withLifecyclePeriod(Duration value) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, acceptTimeout, value);
    }

    /** These settings with another acceptance timeout. */
    public GatewaySettings withAcceptTimeout(Duration value) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, value, lifecyclePeriod);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
