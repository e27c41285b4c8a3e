package io.grid.routes.platform.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What the platform's health probes found of a provider's gateway. Fields stay out of the JSON while unknown: a
 * gateway never probed has only an empty {@code uptime}.
 *
 * @param online   whether the gateway answered its last probe; absent when it was never probed
 * @param lastSeen when it last answered a probe; absent when it never did
 * @param uptime   share of probes it answered over the last 1, 7 and 30 days
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayStatus(Boolean online, Instant lastSeen, Uptime uptime) {

    /** A gateway never probed. */
    public static final GatewayStatus UNKNOWN = new GatewayStatus(null, null, Uptime.NONE);

    public GatewayStatus {
        uptime = uptime == null ? Uptime.NONE : uptime;
    }

    /**
     * Shares of answered probes in basis points (10000 = every probe answered), rounded down; absent for a window
     * without probes.
     *
     * @param day   over the last day
     * @param week  over the last 7 days
     * @param month over the last 30 days
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Uptime(@JsonProperty("1d") Integer day, @JsonProperty("7d") Integer week,
                         @JsonProperty("30d") Integer month) {

        /** No probes in any window. */
        public static final Uptime NONE = new Uptime(null, null, null);

        /** {@code answered} of {@code probes} in basis points, rounded down; null when there were no probes. */
        public static Integer basisPoints(long answered, long probes) {
            if (probes <= 0) {
                return null;
            }
            return (int) (Math.min(answered, probes) * 10_000 / probes);
        }
    }
}
