package io.grid.cli;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.client.ProviderTerms;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A provider's terms file, in the TOML subset GRID's {@code config.toml} uses: {@code name}, {@code gateway-url},
 * a {@code [capacity]} table ({@code cpu-millicores}, {@code memory-mib}, {@code storage-gib}, {@code gpu-count},
 * {@code gpu-model}) and a {@code [prices]} table per unit and second in token base units
 * ({@code per-cpu-millicore}, {@code per-memory-mib}, {@code per-storage-gib}, {@code per-gpu}). Tables may also
 * be written inline: {@code capacity = { cpu-millicores = 8000, ... }}.
 */
final class TermsFile {

    private static final Set<String> KEYS = Set.of("name", "gateway-url", "capacity.cpu-millicores",
            "capacity.memory-mib", "capacity.storage-gib", "capacity.gpu-count", "capacity.gpu-model",
            "prices.per-cpu-millicore", "prices.per-memory-mib", "prices.per-storage-gib", "prices.per-gpu");

    private TermsFile() {
    }

    static ProviderTerms read(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UsageProblem("cannot read the terms file " + file + ": " + e.getMessage());
        }
    }

    static ProviderTerms parse(List<String> lines, String source) {
        Map<String, String> values = new HashMap<>();
        String table = "";
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                table = line.substring(1, line.length() - 1).strip() + ".";
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new UsageProblem(source + " line " + number + ": expected key = value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.startsWith("{") && value.endsWith("}")) {
                for (String pair : value.substring(1, value.length() - 1).split(",")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int inner = pair.indexOf('=');
                    if (inner < 0) {
                        throw new UsageProblem(source + " line " + number + ": expected key = value inside { }");
                    }
                    put(values, table + key + "." + pair.substring(0, inner).strip(),
                            unquote(pair.substring(inner + 1).strip()), source, number);
                }
            } else {
                put(values, table + key, unquote(value), source, number);
            }
        }
        try {
            Resources capacity = new Resources(number(values, "capacity.cpu-millicores"),
                    number(values, "capacity.memory-mib"), number(values, "capacity.storage-gib"),
                    number(values, "capacity.gpu-count"), values.getOrDefault("capacity.gpu-model", ""));
            UnitPrices prices = new UnitPrices(amount(values, "prices.per-cpu-millicore"),
                    amount(values, "prices.per-memory-mib"), amount(values, "prices.per-storage-gib"),
                    amount(values, "prices.per-gpu"));
            String name = required(values, "name", source);
            String gatewayUrl = required(values, "gateway-url", source);
            return new ProviderTerms(name, gatewayUrl, capacity, prices);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(source + ": " + e.getMessage());
        }
    }

    private static void put(Map<String, String> values, String key, String value, String source, int number) {
        if (!KEYS.contains(key)) {
            throw new UsageProblem(source + " line " + number + ": unknown key '" + key + "'; known: "
                    + KEYS.stream().sorted().toList());
        }
        values.put(key, value);
    }

    private static String required(Map<String, String> values, String key, String source) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new UsageProblem(source + ": '" + key + "' is missing");
        }
        return value;
    }

    private static long number(Map<String, String> values, String key) {
        String value = values.getOrDefault(key, "0").replace("_", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number, not " + value);
        }
    }

    private static BigInteger amount(Map<String, String> values, String key) {
        String value = values.getOrDefault(key, "0").replace("_", "");
        try {
            return new BigInteger(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number of base units, not " + value);
        }
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
