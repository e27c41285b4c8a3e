package io.grid.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prints one measured figure per line in a shape {@code bench/run-all} collects into its final table:
 * {@code BENCH|section|measure|value|note}. Everything printed here was measured in the running process.
 */
public final class BenchReport {

    private BenchReport() {
    }

    /** Prints one row of the final table. */
    public static void row(String section, String measure, String value, String note) {
        System.out.printf(Locale.ROOT, "BENCH|%s|%s|%s|%s%n", section, measure, value, note == null ? "" : note);
        System.out.flush();
    }

    /** Prints a progress line that is not part of the table. */
    public static void progress(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, "  .. " + format + "%n", arguments);
        System.out.flush();
    }

    /** Formats a rate or a duration with two decimals. */
    public static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** The value at quantile {@code q} (0..1) of {@code samples}, nearest rank. */
    public static double quantile(double[] samples, double q) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Milliseconds since {@code startNanos}. */
    public static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
