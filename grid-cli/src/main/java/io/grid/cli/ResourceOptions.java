package io.grid.cli;

import io.grid.api.Resources;
import picocli.CommandLine.Option;

/** The resources a command asks for: {@code --cpu --memory --storage --gpu --gpu-model}. */
final class ResourceOptions {

    @Option(names = "--cpu", paramLabel = "MILLICORES", description = "CPU in millicores (1000 = one core).")
    long cpuMillicores;

    @Option(names = "--memory", paramLabel = "MIB", description = "Memory in MiB.")
    long memoryMib;

    @Option(names = "--storage", paramLabel = "GIB", description = "Storage in GiB.")
    long storageGib;

    @Option(names = "--gpu", paramLabel = "COUNT", description = "GPUs.")
    long gpuCount;

    @Option(names = "--gpu-model", paramLabel = "MODEL", description = "GPU model (with --gpu).")
    String gpuModel;

    Resources resources() {
        try {
            return new Resources(cpuMillicores, memoryMib, storageGib, gpuCount, gpuModel);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage());
        }
    }
}
