package io.grid.client;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which providers to list: the least free resources they must have, the most they may charge per unit and
 * second, and the order. Empty fields do not filter.
 *
 * @param minCpuMillicores     least free CPU
 * @param minMemoryMib         least free memory
 * @param minStorageGib        least free storage
 * @param minGpuCount          least free GPUs
 * @param gpuModel             GPU model, or null
 * @param maxPriceCpuMillicore highest CPU price, or null
 * @param maxPriceMemoryMib    highest memory price, or null
 * @param maxPriceStorageGib   highest storage price, or null
 * @param maxPriceGpu          highest GPU price, or null
 * @param sort                 {@code price} or {@code address}, or null for the server's default
 */
public record ProviderFilter(long minCpuMillicores, long minMemoryMib, long minStorageGib, long minGpuCount,
                             String gpuModel, BigInteger maxPriceCpuMillicore, BigInteger maxPriceMemoryMib,
                             BigInteger maxPriceStorageGib, BigInteger maxPriceGpu, String sort) {

    /** Every registered provider. */
    public static final ProviderFilter ALL = new ProviderFilter(0, 0, 0, 0, null, null, null, null, null, null);

    String query() {
        List<String> parts = new ArrayList<>();
        add(parts, "minCpuMillicores", minCpuMillicores > 0 ? minCpuMillicores : null);
        add(parts, "minMemoryMib", minMemoryMib > 0 ? minMemoryMib : null);
        add(parts, "minStorageGib", minStorageGib > 0 ? minStorageGib : null);
        add(parts, "minGpuCount", minGpuCount > 0 ? minGpuCount : null);
        add(parts, "gpuModel", gpuModel == null || gpuModel.isBlank() ? null : gpuModel);
        add(parts, "maxPriceCpuMillicore", maxPriceCpuMillicore);
        add(parts, "maxPriceMemoryMib", maxPriceMemoryMib);
        add(parts, "maxPriceStorageGib", maxPriceStorageGib);
        add(parts, "maxPriceGpu", maxPriceGpu);
        add(parts, "sort", sort);
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }
}
