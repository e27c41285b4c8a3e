package io.grid.core.workload;

/**
 * Bounds on untrusted workload YAML, enforced while it is read so that a hostile file costs
 * bounded memory and time.
 *
 * @param maxBytes        largest accepted input, in UTF-8 bytes; aliases may not expand the
 *                        documents beyond this size either
 * @param maxDocuments    most documents ({@code ---}-separated objects) in one input
 * @param maxAliases      most aliases to collections (the "billion laughs" multiplier)
 * @param maxNestingDepth deepest nesting of maps and lists
 * @param maxReplicas     most replicas a Deployment or StatefulSet may ask for
 */
public record YamlLimits(int maxBytes, int maxDocuments, int maxAliases, int maxNestingDepth, int maxReplicas) {

    /** 256 KiB, 32 documents, 50 aliases, depth 64, 100 replicas. */
    public static final YamlLimits DEFAULTS = new YamlLimits(256 * 1024, 32, 50, 64, 100);

    public YamlLimits {
        positive(maxBytes, "maxBytes");
        positive(maxDocuments, "maxDocuments");
        if (maxAliases < 0) {
            throw new IllegalArgumentException("maxAliases must not be negative");
        }
        positive(maxNestingDepth, "maxNestingDepth");
        positive(maxReplicas, "maxReplicas");
    }

    /** Limits with the default replica cap. */
    public YamlLimits(int maxBytes, int maxDocuments, int maxAliases, int maxNestingDepth) {
        this(maxBytes, maxDocuments, maxAliases, maxNestingDepth, DEFAULTS.maxReplicas());
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
