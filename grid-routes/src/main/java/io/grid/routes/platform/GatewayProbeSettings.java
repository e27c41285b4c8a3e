package io.grid.routes.platform;

import io.grid.core.fetch.UrlPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How the platform probes the registered providers' gateways ({@code GET {gatewayUrl}/health}).
 *
 * @param interval  pause between two probe passes
 * @param timeout   the longest one probe may take, connecting included; a slower gateway counts as offline
 * @param retention how long probe results are kept; at least 30 days, the longest uptime window
 * @param policy    which URLs may be probed: {@link UrlPolicy#strict()} in production (no internal hosts, no
 *                  redirects followed); tests exempt their loopback gateways
 */
public record GatewayProbeSettings(Duration interval, Duration timeout, Duration retention, UrlPolicy policy) {

    /** The longest uptime window reported. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(30);

    public GatewayProbeSettings {
        requirePositive(interval, "interval");
        requirePositive(timeout, "timeout");
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(LONGEST_WINDOW) < 0) {
            throw new IllegalArgumentException("retention must be at least 30 days, the longest uptime window");
        }
        Objects.requireNonNull(policy, "policy");
    }

    /** A probe a minute, 5 s each, kept 31 days, with the strict URL policy. */
    public static GatewayProbeSettings defaults() {
        return new GatewayProbeSettings(Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofDays(31),
                UrlPolicy.strict());
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
