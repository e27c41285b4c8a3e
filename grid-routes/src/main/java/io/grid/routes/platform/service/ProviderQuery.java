package io.grid.routes.platform.service;

import io.grid.api.GpuModels;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.core.money.Pricing;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

/**
 * Filters and order of a provider listing.
 *
 * @param minimum     resources a provider must have free at least, i.e. not reserved by its open orders (a GPU
 *                    model given here must match)
 * @param gpuModel    GPU model wanted, empty for any
 * @param maxPrices   highest acceptable unit price per resource, null for no limit
 * @param sortByPrice true to list the cheapest first (price per second of {@code minimum}, or of one unit of
 *                    each resource when no minimum is given), false to list by address
 */
public record ProviderQuery(Resources minimum, String gpuModel, PriceLimits maxPrices, boolean sortByPrice) {

    /**
     * Highest acceptable unit prices; a null limit means any price.
     *
     * @param perCpuMillicore limit per millicore per second
     * @param perMemoryMib    limit per MiB per second
     * @param perStorageGib   limit per GiB per second
     * @param perGpu          limit per GPU per second
     */
    public record PriceLimits(BigInteger perCpuMillicore, BigInteger perMemoryMib, BigInteger perStorageGib,
                              BigInteger perGpu) {
    }

    /** Every registered provider, by address. */
    public static final ProviderQuery ALL = new ProviderQuery(null, null, null, false);

    private static final Resources ONE_OF_EACH = new Resources(1, 1, 1, 1, "any");

    public ProviderQuery {
        minimum = minimum == null ? Resources.NONE : minimum;
        gpuModel = gpuModel == null ? "" : gpuModel.strip();
    }

    /** Applies the filters and the order to {@code providers}. */
    public List<Provider> apply(List<Provider> providers) {
        Comparator<Provider> order = sortByPrice
                ? Comparator.comparing(this::pricePerSecond).thenComparing(p -> p.address().value())
                : Comparator.comparing(p -> p.address().value());
        return providers.stream().filter(this::matches).sorted(order).toList();
    }

    private boolean matches(Provider provider) {
        Resources free = provider.free();
        if (free.cpuMillicores() < minimum.cpuMillicores() || free.memoryMib() < minimum.memoryMib()
                || free.storageGib() < minimum.storageGib() || free.gpuCount() < minimum.gpuCount()) {
            return false;
        }
        if (!gpuModel.isEmpty() && !GpuModels.offers(provider.capacity().gpuModel(), gpuModel)) {
            return false;
        }
        if (maxPrices == null) {
            return true;
        }
        UnitPrices prices = provider.prices();
        return atMost(prices.perCpuMillicore(), maxPrices.perCpuMillicore())
                && atMost(prices.perMemoryMib(), maxPrices.perMemoryMib())
                && atMost(prices.perStorageGib(), maxPrices.perStorageGib())
                && atMost(prices.perGpu(), maxPrices.perGpu());
    }

    private BigInteger pricePerSecond(Provider provider) {
        Resources basis = minimum.isEmpty() ? ONE_OF_EACH : minimum;
        return Pricing.cost(basis, provider.prices(), 1);
    }

    private static boolean atMost(BigInteger price, BigInteger limit) {
        return limit == null || price.compareTo(limit) <= 0;
    }
}
