package io.grid.routes.gateway.proxy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the gateway's reverse proxy behaves.
 *
 * @param cookieName                    name of the gateway's own cookie; it is read, then removed before proxying
 * @param connectTimeout                how long to wait for a TCP connection to an entrance (then 502)
 * @param responseTimeout               how long to wait for the response head once the request is sent (then 504)
 * @param maxRequestBodyBytes           the largest request body accepted (then 413)
 * @param wildcardDomain                when set (for example {@code gw.example.org}), requests for host
 *                                      {@code {id}.apps.gw.example.org} go to order {@code id}'s app; null to disable
 * @param workerThreads                 I/O threads; 0 means one per available processor
 * @param maxIdleConnectionsPerEntrance keep-alive connections kept open per entrance and I/O thread
 * @param idleConnectionTimeout         how long an unused upstream connection stays in the pool
 */
public record ProxySettings(String cookieName, Duration connectTimeout, Duration responseTimeout,
                            long maxRequestBodyBytes, String wildcardDomain, int workerThreads,
                            int maxIdleConnectionsPerEntrance, Duration idleConnectionTimeout) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    public ProxySettings {
        Objects.requireNonNull(cookieName, "cookieName");
        if (!TOKEN.matcher(cookieName).matches()) {
            throw new IllegalArgumentException("cookieName must be an HTTP token: " + cookieName);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        requirePositive(idleConnectionTimeout, "idleConnectionTimeout");
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must not be negative");
        }
        if (workerThreads < 0) {
            throw new IllegalArgumentException("workerThreads must not be negative");
        }
        if (maxIdleConnectionsPerEntrance < 0) {
            throw new IllegalArgumentException("maxIdleConnectionsPerEntrance must not be negative");
        }
        if (wildcardDomain != null) {
            wildcardDomain = wildcardDomain.toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(wildcardDomain).matches()) {
                throw new IllegalArgumentException("wildcardDomain is not a domain name: " + wildcardDomain);
            }
        }
    }

    /**
     * Settings with the usual values: 2 s connect timeout, 60 s response timeout, 100 MiB body cap,
     * no wildcard domain, default threads, 64 idle connections per entrance kept for 20 s.
     */
    public static ProxySettings defaults(String cookieName) {
        return new ProxySettings(cookieName, Duration.ofSeconds(2), Duration.ofSeconds(60), 100L << 20, null, 0,
                64, Duration.ofSeconds(20));
    }

    /** These settings with another connect timeout. */
    public ProxySettings withConnectTimeout(Duration value) {
        return new ProxySettings(cookieName, value, responseTimeout, maxRequestBodyBytes, wildcardDomain,
                workerThreads, maxIdleConnectionsPerEntrance, idleConnectionTimeout);
    }

    /** These settings with another response timeout. */
    public ProxySettings withResponseTimeout(Duration value) {
        return new ProxySettings(cookieName, connectTimeout, value, maxRequestBodyBytes, wildcardDomain,
                workerThreads, maxIdleConnectionsPerEntrance, idleConnectionTimeout);
    }

    /** These settings with another request body cap. */
    public ProxySettings withMaxRequestBodyBytes(long value) {
        return new ProxySettings(cookieName, connectTimeout, responseTimeout, value, wildcardDomain,
                workerThreads, maxIdleConnectionsPerEntrance, idleConnectionTimeout);
    }

    /** These settings with a wildcard domain (or null for none). */
    public ProxySettings withWildcardDomain(String value) {
        return new ProxySettings(cookieName, connectTimeout, responseTimeout, maxRequestBodyBytes, value,
                workerThreads, maxIdleConnectionsPerEntrance, idleConnectionTimeout);
    }

    /** These settings with another number of I/O threads. */
    public ProxySettings withWorkerThreads(int value) {
        return new ProxySettings(cookieName, connectTimeout, responseTimeout, maxRequestBodyBytes, wildcardDomain,
                value, maxIdleConnectionsPerEntrance, idleConnectionTimeout);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
