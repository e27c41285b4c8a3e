package io.grid.core.whynot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigInteger;

/**
 * One reason a provider cannot serve a request; only the fields of its {@link #code()} are set.
 *
 * @param code     what is wrong
 * @param resource {@link Code#INSUFFICIENT_RESOURCE}: {@code cpuMillicores}, {@code memoryMib}, {@code storageGib}
 *                 or {@code gpuCount}
 * @param asked    {@link Code#INSUFFICIENT_RESOURCE}: the quantity asked for
 * @param free     {@link Code#INSUFFICIENT_RESOURCE}: the quantity the provider has free
 * @param cost     {@link Code#PRICE_ABOVE_LIMIT}: what the order would cost, in token base units
 * @param limit    {@link Code#PRICE_ABOVE_LIMIT}: the price limit, in token base units
 * @param gpuModel {@link Code#GPU_MODEL_ABSENT}: the model asked for
 * @param offered  {@link Code#GPU_MODEL_ABSENT}: the provider's terms' {@code gpuModel} (empty: no GPU)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reason(Code code, String resource, Long asked, Long free, BigInteger cost, BigInteger limit,
                     String gpuModel, String offered) {

    /** What keeps a provider from serving a request. */
    public enum Code {
        /** Less of a resource is free than asked for. */
        INSUFFICIENT_RESOURCE,
        /** The order would cost more than the price limit. */
        PRICE_ABOVE_LIMIT,
        /** The provider does not offer the GPU model asked for. */
        GPU_MODEL_ABSENT,
        /** The provider's gateway did not answer its last health probe. */
        GATEWAY_OFFLINE
    }

    public Reason {
        if (code == null) {
            throw new IllegalArgumentException("code is missing");
        }
    }

    /** Less of {@code resource} is free than asked. */
    public static Reason insufficient(String resource, long asked, long free) {
        return new Reason(Code.INSUFFICIENT_RESOURCE, resource, asked, free, null, null, null, null);
    }

    /** The cost is above the limit. */
    public static Reason priceAboveLimit(BigInteger cost, BigInteger limit) {
        return new Reason(Code.PRICE_ABOVE_LIMIT, null, null, null, cost, limit, null, null);
    }

    /** The model asked for is not among the offered. */
    public static Reason gpuModelAbsent(String gpuModel, String offered) {
        return new Reason(Code.GPU_MODEL_ABSENT, null, null, null, null, null, gpuModel, offered == null ? "" : offered);
    }

    /** The gateway is offline. */
    public static Reason gatewayOffline() {
        return new Reason(Code.GATEWAY_OFFLINE, null, null, null, null, null, null, null);
    }
}
