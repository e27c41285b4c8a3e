package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.core.whynot.ProviderFit;
import io.grid.core.whynot.Reason;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * "Why not": for every registered provider, what an order of the asked resources would cost there, or every reason it
 * cannot serve it ({@link ProviderFit}). A read: it signs, relays and stores nothing.
 */
public class WhyNot {

    /** The GPU model that asks for no particular model. */
    public static final String ANY_MODEL = "any";

    private final Providers providers;
    private final GatewayProbes probes;

    public WhyNot(Providers providers, GatewayProbes probes) {
        this.providers = providers;
        this.probes = probes;
    }

    /**
     * One provider's answer.
     *
     * @param provider   the provider
     * @param name       its display name
     * @param gatewayUrl its gateway's URL
     * @param fits       true when it can serve the request
     * @param cost       what the order would cost there, in token base units, as an order is charged
     * @param reasons    why it cannot serve it; empty when it fits
     * @param gateway    what the health probes found of its gateway
     */
    public record Answer(Address provider, String name, String gatewayUrl, boolean fits, BigInteger cost,
                         List<Reason> reasons, GatewayStatus gateway) {
    }

    /**
     * Answers for every registered provider, those that fit first (cheapest first), then the others by address.
     *
     * @param resources       what is asked; its {@code gpuModel} is the model wanted, {@value #ANY_MODEL} (or
     *                        empty) for any
     * @param durationSeconds for how long
     * @param maxCost         the most the order may cost, in token base units; null for no limit
     * @throws IllegalArgumentException for nothing asked, a duration below one second or a negative limit
     */
    public List<Answer> ask(Resources resources, long durationSeconds, BigInteger maxCost) {
        if (resources == null) {
            throw new IllegalArgumentException("resources are required");
        }
        String model = ANY_MODEL.equalsIgnoreCase(resources.gpuModel()) ? "" : resources.gpuModel();
        ProviderFit.Request request = new ProviderFit.Request(resources, model, durationSeconds, maxCost);
        Map<Address, GatewayStatus> statuses = probes.statuses();
        return providers.list(ProviderQuery.ALL).stream()
                .map(p -> answer(request, p, statuses.getOrDefault(p.address(), GatewayStatus.UNKNOWN)))
                .sorted(Comparator.comparing((Answer a) -> !a.fits())
                        .thenComparing(a -> a.fits() ? a.cost() : BigInteger.ZERO)
                        .thenComparing(a -> a.provider().value()))
                .toList();
    }

    private static Answer answer(ProviderFit.Request request, Provider provider, GatewayStatus gateway) {
        ProviderFit.Verdict verdict = ProviderFit.decide(request, new ProviderFit.Offer(provider.free(),
                provider.capacity().gpuModel(), provider.prices(), gateway.online()));
        return new Answer(provider.address(), provider.name(), provider.gatewayUrl(), verdict.fits(), verdict.cost(),
                verdict.reasons(), gateway);
    }
}
