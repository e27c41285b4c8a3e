package io.grid.api;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A quantity of computing resources, as ordered by a user or offered by a provider.
 *
 * @param cpuMillicores CPU in thousandths of a core
 * @param memoryMib     memory in MiB
 * @param storageGib    storage in GiB
 * @param gpuCount      number of GPUs
 * @param gpuModel      GPU model, or several separated by commas (any of them; read by {@link GpuModels}); required
 *                      when {@code gpuCount > 0}
 */
public record Resources(@Uint(64) long cpuMillicores, @Uint(64) long memoryMib, @Uint(64) long storageGib,
                        @Uint(32) long gpuCount, String gpuModel) {

    /** No resources at all. */
    public static final Resources NONE = new Resources(0, 0, 0, 0, "");

    public Resources {
        Require.notNegative(cpuMillicores, "cpuMillicores");
        Require.notNegative(memoryMib, "memoryMib");
        Require.notNegative(storageGib, "storageGib");
        Require.notNegative(gpuCount, "gpuCount");
        gpuModel = gpuModel == null ? "" : gpuModel.strip();
        if (gpuCount > 0 && gpuModel.isEmpty()) {
            throw new IllegalArgumentException("gpuModel is required when gpuCount > 0");
        }
        GpuModels.parse(gpuModel);
    }

    /** Resources without GPUs. */
    public static Resources of(long cpuMillicores, long memoryMib, long storageGib) {
        return new Resources(cpuMillicores, memoryMib, storageGib, 0, "");
    }

    /** True when every quantity is zero. Not a JSON property: bodies carry the quantities only. */
    @JsonIgnore
    public boolean isEmpty() {
        return cpuMillicores == 0 && memoryMib == 0 && storageGib == 0 && gpuCount == 0;
    }

    /**
     * True when {@code wanted} fits into these resources: every quantity is at most ours, and
     * wanted GPUs are of one of our GPU models ({@link GpuModels#offers}).
     */
    public boolean covers(Resources wanted) {
        return wanted.cpuMillicores <= cpuMillicores
                && wanted.memoryMib <= memoryMib
                && wanted.storageGib <= storageGib
                && wanted.gpuCount <= gpuCount
                && (wanted.gpuCount == 0 || GpuModels.offers(gpuModel, wanted.gpuModel));
    }

    /** These resources plus {@code other}; the GPU model is taken from whichever side has GPUs. */
    public Resources plus(Resources other) {
        String model = gpuCount > 0 ? gpuModel : other.gpuModel;
        return new Resources(
                Math.addExact(cpuMillicores, other.cpuMillicores),
                Math.addExact(memoryMib, other.memoryMib),
                Math.addExact(storageGib, other.storageGib),
                Math.addExact(gpuCount, other.gpuCount),
                other.gpuCount > 0 || gpuCount > 0 ? model : "");
    }

    /** These resources minus {@code other}, never below zero in any quantity. */
    public Resources minusFloorZero(Resources other) {
        long gpus = Math.max(0, gpuCount - other.gpuCount);
        return new Resources(
                Math.max(0, cpuMillicores - other.cpuMillicores),
                Math.max(0, memoryMib - other.memoryMib),
                Math.max(0, storageGib - other.storageGib),
                gpus,
                gpus > 0 ? gpuModel : "");
    }
}
