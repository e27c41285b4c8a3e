package io.grid.routes.gateway;

import io.grid.api.Resources;
import io.grid.core.fetch.FetchLimits;
import io.grid.routes.gateway.lifecycle.OrderLifecycle;
import io.grid.routes.gateway.proxy.ProxySettings;
import io.grid.routes.outbox.OutboxSettings;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one provider's gateway is configured: everything {@link GatewayAssembly} is tuned with; the starter fills
 * it from {@code grid.http.*}, {@code grid.chain.outbox.*} and {@code grid.gateway.*}. The provider's own address
 * is not here: it is the account of the gateway's chain outbox (the provider's key signs acceptOrder and
 * completeOrder).
 *
 * @param publicUrl          the gateway's public base URL as users reach it ({@code https://gw.example.org});
 *                           its host (and port) is the sign-in domain, its scheme decides the cookie's
 *                           {@code Secure} attribute
 * @param chainId            the EIP-155 id of the chain holding the orders; sign-in messages must name it
 * @param allocatable        what this cluster can hand out to orders in total; greet type 0 subtracts what
 *                           accepted orders hold
 * @param cookieName         the name of the gateway's session cookie (the proxy strips it before forwarding)
 * @param nonceTtl           how long a sign-in nonce may be used after it was handed out
 * @param acceptTimeout      how long greet type 1 waits for the acceptOrder receipt before answering 503
 *                           (the transaction stays in the outbox; greeting again picks it up), and how long a
 *                           refused deploy waits for its refund's receipt
 * @param lifecyclePeriod    pause between two runs of the order lifecycle job
 * @param host               address the gateway's HTTP API listens on
 * @param port               port of the gateway's HTTP API
 * @param nonceCapacity      most sign-in nonces outstanding at once (the oldest are forgotten first)
 * @param readinessTimeout   how long a deploy waits for its workloads to become ready
 * @param settleGrace        how long past an order's end the gateway leaves its settlement to the platform
 *                           before it sends completeOrder itself
 * @param logRetention       how long an order's logs and events stay readable after teardown
 * @param retainedLogChars   how many of the last characters of each container's log are kept after teardown
 * @param outbox             timing of the gateway's transaction outbox
 * @param proxy              how the reverse proxy behaves (its cookie name is {@code cookieName})
 * @param proxyHost          address the reverse proxy listens on
 * @param proxyPort          port of the reverse proxy; 0 picks a free one
 * @param yamlLimits         size cap and deadline of a deploy's YAML fetch
 * @param yamlConnectTimeout how long a YAML fetch may take to connect
 */
public record GatewaySettings(URI publicUrl, long chainId, Resources allocatable, String cookieName,
                              Duration nonceTtl, Duration acceptTimeout, Duration lifecyclePeriod,
                              String host, int port, int nonceCapacity, Duration readinessTimeout,
                              Duration settleGrace, Duration logRetention, int retainedLogChars,
                              OutboxSettings outbox, ProxySettings proxy, String proxyHost, int proxyPort,
                              FetchLimits yamlLimits, Duration yamlConnectTimeout) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Most sign-in nonces outstanding at once unless configured. */
    public static final int DEFAULT_NONCE_CAPACITY = 10_000;
    /** Characters of each container's log kept after teardown unless configured: 16 KiB. */
    public static final int DEFAULT_RETAINED_LOG_CHARS = 16 * 1024;
    /** Largest YAML file a deploy fetches unless configured: 256 KiB. */
    public static final long DEFAULT_MAX_YAML_BYTES = 256L * 1024;

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
        Objects.requireNonNull(host, "host");
        requirePort(port, "port");
        if (nonceCapacity < 1) {
            throw new IllegalArgumentException("nonceCapacity must be positive");
        }
        requirePositive(readinessTimeout, "readinessTimeout");
        Objects.requireNonNull(settleGrace, "settleGrace");
        if (settleGrace.isNegative()) {
            throw new IllegalArgumentException("settleGrace must not be negative");
        }
        requirePositive(logRetention, "logRetention");
        if (retainedLogChars < 0) {
            throw new IllegalArgumentException("retainedLogChars must not be negative");
        }
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(proxy, "proxy");
        if (!proxy.cookieName().equals(cookieName)) {
            throw new IllegalArgumentException("the proxy's cookie name must be the gateway's cookie name");
        }
        Objects.requireNonNull(proxyHost, "proxyHost");
        requirePort(proxyPort, "proxyPort");
        Objects.requireNonNull(yamlLimits, "yamlLimits");
        requirePositive(yamlConnectTimeout, "yamlConnectTimeout");
    }

    /** Settings naming the greet timings and the cookie, with the usual values of {@link #of} for the rest. */
    public GatewaySettings(URI publicUrl, long chainId, Resources allocatable, String cookieName,
                           Duration nonceTtl, Duration acceptTimeout, Duration lifecyclePeriod) {
        this(of(publicUrl, chainId, allocatable, cookieName), cookieName, nonceTtl, acceptTimeout, lifecyclePeriod);
    }

    private GatewaySettings(GatewaySettings usual, String cookieName, Duration nonceTtl, Duration acceptTimeout,
                            Duration lifecyclePeriod) {
        this(usual.publicUrl, usual.chainId, usual.allocatable, cookieName, nonceTtl, acceptTimeout,
                lifecyclePeriod, usual.host, usual.port, usual.nonceCapacity, usual.readinessTimeout,
                usual.settleGrace, usual.logRetention, usual.retainedLogChars, usual.outbox, usual.proxy,
                usual.proxyHost, usual.proxyPort, usual.yamlLimits, usual.yamlConnectTimeout);
    }

    /**
     * Settings with the usual values: cookie {@code grid_session}, nonces for 5 minutes (at most 10 000), 30 s for
     * an acceptance, lifecycle every 30 s; the API listening on the public URL's host and port, the proxy on the
     * same host and a free port ({@link ProxySettings#defaults}); 2 minutes for readiness, 5 minutes of settle
     * grace, the last 16 KiB of logs kept 7 days; the outbox's {@link OutboxSettings#DEFAULTS}; YAML files up to
     * 256 KiB fetched within 10 s, connected within 5 s.
     */
    public static GatewaySettings of(URI publicUrl, long chainId, Resources allocatable) {
        return of(publicUrl, chainId, allocatable, "grid_session");
    }

    private static GatewaySettings of(URI publicUrl, long chainId, Resources allocatable, String cookieName) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        String host = publicUrl.getHost() == null ? "" : publicUrl.getHost();
        int port = publicUrl.getPort() != -1 ? publicUrl.getPort()
                : "https".equalsIgnoreCase(publicUrl.getScheme()) ? 443 : 80;
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(30), host, port, DEFAULT_NONCE_CAPACITY,
                Duration.ofMinutes(2), OrderLifecycle.DEFAULT_SETTLE_GRACE, Duration.ofDays(7),
                DEFAULT_RETAINED_LOG_CHARS, OutboxSettings.DEFAULTS, ProxySettings.defaults(cookieName), host, 0,
                FetchLimits.forYaml(DEFAULT_MAX_YAML_BYTES, Duration.ofSeconds(10)), Duration.ofSeconds(5));
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
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, acceptTimeout, value,
                host, port, nonceCapacity, readinessTimeout, settleGrace, logRetention, retainedLogChars, outbox,
                proxy, proxyHost, proxyPort, yamlLimits, yamlConnectTimeout);
    }

    /** These settings with another acceptance timeout. */
    public GatewaySettings withAcceptTimeout(Duration value) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, value, lifecyclePeriod,
                host, port, nonceCapacity, readinessTimeout, settleGrace, logRetention, retainedLogChars, outbox,
                proxy, proxyHost, proxyPort, yamlLimits, yamlConnectTimeout);
    }

    /** These settings with another readiness timeout of deploys. */
    public GatewaySettings withReadinessTimeout(Duration value) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, acceptTimeout,
                lifecyclePeriod, host, port, nonceCapacity, value, settleGrace, logRetention, retainedLogChars,
                outbox, proxy, proxyHost, proxyPort, yamlLimits, yamlConnectTimeout);
    }

    /** These settings keeping {@code chars} of each log for {@code retention} after teardown. */
    public GatewaySettings withLogRetention(Duration retention, int chars) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, acceptTimeout,
                lifecyclePeriod, host, port, nonceCapacity, readinessTimeout, settleGrace, retention, chars,
                outbox, proxy, proxyHost, proxyPort, yamlLimits, yamlConnectTimeout);
    }

    /** These settings with another outbox timing. */
    public GatewaySettings withOutbox(OutboxSettings value) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, acceptTimeout,
                lifecyclePeriod, host, port, nonceCapacity, readinessTimeout, settleGrace, logRetention,
                retainedLogChars, value, proxy, proxyHost, proxyPort, yamlLimits, yamlConnectTimeout);
    }

    /** These settings with the reverse proxy behaving as {@code value} and listening on {@code host:port}. */
    public GatewaySettings withProxy(ProxySettings value, String listenHost, int listenPort) {
        return new GatewaySettings(publicUrl, chainId, allocatable, cookieName, nonceTtl, acceptTimeout,
                lifecyclePeriod, host, port, nonceCapacity, readinessTimeout, settleGrace, logRetention,
                retainedLogChars, outbox, value, listenHost, listenPort, yamlLimits, yamlConnectTimeout);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requirePort(int value, String name) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be 0..65535");
        }
    }
}
