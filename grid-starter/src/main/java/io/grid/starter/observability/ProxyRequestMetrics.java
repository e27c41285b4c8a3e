package io.grid.starter.observability;

import io.grid.routes.gateway.proxy.ProxyAccess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts the reverse proxy's access decisions as {@code grid.proxy.requests}, tags {@code outcome}
 * ({@code allowed}, {@code refused}), {@code status} (the refusal's HTTP status, {@code 0} when allowed: the
 * app's own status is not the proxy's decision) and {@code reason} (the refusal's code, {@code none} when allowed).
 */
public class ProxyRequestMetrics {

    private final MeterRegistry registry;

    /** @param registry where the counter goes */
    public ProxyRequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** {@code access}, counting each of its decisions; it still answers from memory, as the proxy requires. */
    public ProxyAccess observe(ProxyAccess access) {
        Objects.requireNonNull(access, "access");
        return (orderId, cookieValue, bearerToken, now) -> {
            ProxyAccess.Decision decision = access.decide(orderId, cookieValue, bearerToken, now);
            record(decision);
            return decision;
        };
    }

    private void record(ProxyAccess.Decision decision) {
        Counter.Builder counter = Counter.builder("grid.proxy.requests").description("Reverse proxy access decisions");
        if (decision instanceof ProxyAccess.Refused refused) {
            counter.tag("outcome", "refused").tag("status", String.valueOf(refused.status()))
                    .tag("reason", refused.reason());
        } else {
            counter.tag("outcome", "allowed").tag("status", "0").tag("reason", "none");
        }
        counter.register(registry).increment();
    }
}
