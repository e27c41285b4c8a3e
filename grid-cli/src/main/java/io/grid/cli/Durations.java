package io.grid.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations as people write them: {@code 90} or {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}. */
final class Durations implements CommandLine.ITypeConverter<Long> {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(s|m|min|h|d)?");

    @Override
    public Long convert(String value) {
        return seconds(value);
    }

    static long seconds(String value) {
        Matcher m = FORM.matcher(value.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is no duration: write e.g. 90s, 10m, 2h");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long factor = switch (unit) {
            case "m", "min" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            default -> 1;
        };
        long seconds = Math.multiplyExact(amount, factor);
        if (seconds <= 0) {
            throw new CommandLine.TypeConversionException("a duration must be at least one second");
        }
        return seconds;
    }
}
