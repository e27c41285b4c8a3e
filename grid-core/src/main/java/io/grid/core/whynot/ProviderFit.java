package io.grid.core.whynot;

import io.grid.api.GpuModels;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.core.money.Pricing;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * "Why not": whether one provider can serve a request, and if not, every reason. A pure function of the request and
 * the provider's state; the platform applies it to every registered provider.
 */
public final class ProviderFit {

    private ProviderFit() {
    }

    /**
     * What is asked.
     *
     * @param resources       the quantities; its {@code gpuModel} is ignored, {@code gpuModel} below says which
     * @param gpuModel        the GPU model wanted, empty or null for any
     * @param durationSeconds for how long, at least 1
     * @param priceLimit      the most the order may cost in token base units, null for no limit
     */
    public record Request(Resources resources, String gpuModel, long durationSeconds, BigInteger priceLimit) {

        public Request {
            if (resources == null) {
                throw new IllegalArgumentException("resources are missing");
            }
            if (resources.isEmpty()) {
                throw new IllegalArgumentException("resources must not all be zero");
            }
            if (durationSeconds < 1) {
                throw new IllegalArgumentException("durationSeconds must be at least 1");
            }
            if (priceLimit != null && priceLimit.signum() < 0) {
                throw new IllegalArgumentException("priceLimit must not be negative");
            }
            gpuModel = gpuModel == null ? "" : gpuModel.strip();
        }
    }

    /**
     * What a provider has.
     *
     * @param free          what its open orders leave free
     * @param gpuModels     its terms' {@code gpuModel}, read by {@link GpuModels#offers}
     * @param prices        its unit prices per second
     * @param gatewayOnline true or false as its last health probe found, null when it was never probed
     */
    public record Offer(Resources free, String gpuModels, UnitPrices prices, Boolean gatewayOnline) {

        public Offer {
            if (free == null || prices == null) {
                throw new IllegalArgumentException("free resources and prices are required");
            }
        }
    }

    /**
     * The answer for one provider.
     *
     * @param cost    what the order would cost at the provider's prices, as an order is charged
     * @param reasons why the provider cannot serve it; empty when it can
     */
    public record Verdict(BigInteger cost, List<Reason> reasons) {

        public Verdict {
            reasons = List.copyOf(reasons);
        }

        /** True when nothing keeps the provider from serving the request. */
        public boolean fits() {
            return reasons.isEmpty();
        }
    }

    /** Decides whether {@code offer} can serve {@code request}, with every reason it cannot. */
    public static Verdict decide(Request request, Offer offer) {
        Resources asked = request.resources();
        Resources free = offer.free();
        List<Reason> reasons = new ArrayList<>();
        shortOf(reasons, "cpuMillicores", asked.cpuMillicores(), free.cpuMillicores());
        shortOf(reasons, "memoryMib", asked.memoryMib(), free.memoryMib());
        shortOf(reasons, "storageGib", asked.storageGib(), free.storageGib());
        shortOf(reasons, "gpuCount", asked.gpuCount(), free.gpuCount());
        if (!GpuModels.offers(offer.gpuModels(), request.gpuModel())) {
            reasons.add(Reason.gpuModelAbsent(request.gpuModel(), offer.gpuModels()));
        }
        BigInteger cost = Pricing.cost(asked, offer.prices(), request.durationSeconds());
        if (request.priceLimit() != null && cost.compareTo(request.priceLimit()) > 0) {
            reasons.add(Reason.priceAboveLimit(cost, request.priceLimit()));
        }
        if (Boolean.FALSE.equals(offer.gatewayOnline())) {
            reasons.add(Reason.gatewayOffline());
        }
        return new Verdict(cost, reasons);
    }

    private static void shortOf(List<Reason> reasons, String resource, long asked, long free) {
        if (asked > free) {
            reasons.add(Reason.insufficient(resource, asked, free));
        }
    }
}
