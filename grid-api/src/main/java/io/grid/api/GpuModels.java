package io.grid.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one reading of a GPU model field ({@link Resources#gpuModel()}, a provider's registered terms on chain): a
 * comma-separated list of the models offered or wanted, such as {@code "NVIDIA-A100-SXM4-40GB,NVIDIA-H100-80GB-HBM3"},
 * as NVIDIA GPU feature discovery names them in the node label {@code nvidia.com/gpu.product}. Models compare
 * case-insensitively; blanks around commas are dropped.
 */
public final class GpuModels {

    /** The longest single model name. */
    public static final int MAX_MODEL_LENGTH = 64;
    /** The most models one field names. */
    public static final int MAX_MODELS = 8;

    private GpuModels() {
    }

    /**
     * The models the field names, in order, without duplicates (case-insensitively); empty for a blank field.
     *
     * @throws IllegalArgumentException when a model is empty between commas, longer than {@value #MAX_MODEL_LENGTH}
     *                                  characters, has a character outside {@code A-Z a-z 0-9 . _ - space}, or there
     *                                  are more than {@value #MAX_MODELS}
     */
    public static List<String> parse(String field) {
        if (field == null || field.isBlank()) {
            return List.of();
        }
        List<String> models = new ArrayList<>();
        for (String part : field.split(",", -1)) {
            String model = part.strip();
            if (model.isEmpty()) {
                throw new IllegalArgumentException("gpuModel \"" + field + "\" names an empty model");
            }
            if (model.length() > MAX_MODEL_LENGTH) {
                throw new IllegalArgumentException("gpuModel \"" + model + "\" is longer than " + MAX_MODEL_LENGTH
                        + " characters");
            }
            if (!model.matches("[A-Za-z0-9._ -]+")) {
                throw new IllegalArgumentException("gpuModel \"" + model
                        + "\" has a character other than letters, digits, '.', '_', '-' and space");
            }
            if (models.stream().noneMatch(model::equalsIgnoreCase)) {
                models.add(model);
            }
        }
        if (models.size() > MAX_MODELS) {
            throw new IllegalArgumentException("gpuModel names " + models.size() + " models, at most " + MAX_MODELS);
        }
        return List.copyOf(models);
    }

    /** The field naming {@code models}: joined with commas. */
    public static String join(List<String> models) {
        return String.join(",", models);
    }

    /** True when {@code model} is one of {@code models}, ignoring case. */
    public static boolean contains(List<String> models, String model) {
        return models.stream().anyMatch(model::equalsIgnoreCase);
    }

    /**
     * True when the offered field names a model the wanted field names (any of them, ignoring case); a blank wanted
     * field is offered by anyone.
     */
    public static boolean offers(String offered, String wanted) {
        List<String> want = parse(wanted);
        if (want.isEmpty()) {
            return true;
        }
        List<String> have = parse(offered);
        return want.stream().anyMatch(model -> contains(have, model));
    }

    /** The models of {@code wanted} that {@code offered} names too, in {@code offered}'s spelling. */
    public static List<String> common(List<String> offered, List<String> wanted) {
        return offered.stream().filter(model -> contains(wanted, model)).toList();
    }

    /** A model's key for maps: lower case. */
    public static String key(String model) {
        return model.strip().toLowerCase(Locale.ROOT);
    }
}
