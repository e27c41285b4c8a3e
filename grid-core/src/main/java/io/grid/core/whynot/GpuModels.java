package io.grid.core.whynot;

import java.util.Locale;

/**
 * Whether a provider offers a GPU model: the one place that reads the GPU models of a provider's terms, so that a
 * change of their format (one model, or a list) changes this class alone.
 */
public final class GpuModels {

    private GpuModels() {
    }

    /**
     * True when the terms' {@code offered} GPU model(s) include {@code wanted}. Models compare without regard to case
     * or surrounding blanks; {@code offered} may name several models separated by commas.
     *
     * @param offered the provider's terms' {@code gpuModel}; empty or null when it offers no GPU
     * @param wanted  the model asked for; empty or null for any model
     */
    public static boolean offers(String offered, String wanted) {
        String model = normalise(wanted);
        if (model.isEmpty()) {
            return true;
        }
        if (offered == null) {
            return false;
        }
        for (String one : offered.split(",")) {
            if (normalise(one).equals(model)) {
                return true;
            }
        }
        return false;
    }

    private static String normalise(String model) {
        return model == null ? "" : model.strip().toLowerCase(Locale.ROOT);
    }
}
