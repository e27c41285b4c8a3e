package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.core.fetch.FetchLimits;
import io.grid.core.fetch.FetchRefusedException;
import io.grid.core.log.LogEvent;
import io.grid.routes.gateway.fetch.YamlFetcher;
import io.grid.routes.platform.GatewayProbeSettings;
import io.grid.routes.platform.store.GatewayProbeStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every registered provider's gateway with {@code GET {gatewayUrl}/health} and keeps what it found: a gateway
 * that answers 200 in time is online, anything else (refused by the URL policy, no connection, a redirect, another
 * status, too slow) is offline. The fetch is the gateway's hardened YAML fetch: the URL policy checks the host and
 * pins its addresses, no redirect is followed, the body is capped and the whole probe has a deadline.
 */
public class GatewayProbes {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayProbes.class);

    /** What a health endpoint may answer with: JSON (Actuator's or plain) or text. */
    static final Set<String> HEALTH_CONTENT_TYPES = Set.of("application/json",
            "application/vnd.spring-boot.actuator.v3+json", "application/vnd.spring-boot.actuator.v2+json",
            "text/plain");
    /** The largest health answer read. */
    static final long MAX_HEALTH_BYTES = 64 * 1024;

    private final Providers providers;
    private final GatewayProbeStore store;
    private final YamlFetcher fetcher;
    private final GatewayProbeSettings settings;
    private final Clock clock;

    /**
     * One probe pass's counts.
     *
     * @param online  gateways that answered
     * @param offline gateways that did not
     * @param pruned  probe rows deleted as older than the retention
     */
    public record Pass(int online, int offline, int pruned) {
    }

    public GatewayProbes(Providers providers, GatewayProbeStore store, GatewayProbeSettings settings, Clock clock) {
        this.providers = providers;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.fetcher = new YamlFetcher(settings.policy(),
                new FetchLimits(MAX_HEALTH_BYTES, settings.timeout(), HEALTH_CONTENT_TYPES, 0), settings.timeout(),
                clock);
    }

    /** Probes every registered provider's gateway once, records the results and prunes old ones. */
    public Pass probeAll() {
        int online = 0;
        int offline = 0;
        for (Provider provider : providers.list(ProviderQuery.ALL)) {
            if (probe(provider)) {
                online++;
            } else {
                offline++;
            }
        }
        int pruned = store.prune(clock.instant().minus(settings.retention()));
        return new Pass(online, offline, pruned);
    }

    /** Probes one provider's gateway and records the result; true when it answered. */
    public boolean probe(Provider provider) {
        String failure = null;
        try {
            fetcher.fetch(healthUrl(provider.gatewayUrl()));
        } catch (FetchRefusedException e) {
            failure = e.refusal() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        boolean online = failure == null;
        Instant now = clock.instant();
        Map<Address, GatewayStatus> before = store.statuses(now);
        store.record(provider.address(), online, now, failure);
        GatewayStatus was = before.get(provider.address());
        if (was == null || was.online() == null || was.online() != online) {
            LogEvent event = LogEvent.info(LOG, online ? "gateway_online" : "gateway_offline")
                    .with("provider", provider.address()).with("gateway", provider.gatewayUrl());
            if (failure != null) {
                event = event.with("failure", failure);
            }
            event.log();
        }
        return online;
    }

    /** Every probed gateway's status now, by provider. */
    public Map<Address, GatewayStatus> statuses() {
        return store.statuses(clock.instant());
    }

    /** {@code providers} with their gateways' status. */
    public List<ListedProvider> listed(List<Provider> providers) {
        Map<Address, GatewayStatus> statuses = statuses();
        return providers.stream().map(p -> ListedProvider.of(p, statuses.get(p.address()))).toList();
    }

    /** One provider with its gateway's status. */
    public ListedProvider listed(Provider provider) {
        return listed(List.of(provider)).get(0);
    }

    /** The health URL of a gateway: its URL without a trailing slash, then {@code /health}. */
    static String healthUrl(String gatewayUrl) {
        String base = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
        return base + "/health";
    }

    /** The pause between two probe passes. */
    public Duration interval() {
        return settings.interval();
    }
}
