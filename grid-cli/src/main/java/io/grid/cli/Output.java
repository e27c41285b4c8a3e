package io.grid.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grid.api.Resources;
import io.grid.client.GridClient;
import io.grid.client.TokenAmount;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** What a command prints: human text and aligned tables by default, one JSON document with {@code --json}. */
final class Output {

    private static final ObjectMapper JSON = GridClient.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** Prints a line for people; nothing in JSON mode. */
    void line(String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }

    /** Prints {@code value} as JSON in JSON mode. */
    void data(Object value) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
            out.flush();
        }
    }

    /** Prints a progress line that the next one replaces on a terminal; nothing in JSON mode. */
    void progress(String text) {
        if (!json) {
            out.println("  " + text);
            out.flush();
        }
    }

    /** Prints rows under headers, each column as wide as its widest cell; numbers right-aligned. */
    void table(List<String> headers, List<List<String>> rows) {
        if (json) {
            return;
        }
        for (String line : table(headers, rows, true)) {
            out.println(line);
        }
        out.flush();
    }

    static List<String> table(List<String> headers, List<List<String>> rows, boolean withHeader) {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        java.util.Arrays.fill(numeric, true);
        for (int c = 0; c < headers.size(); c++) {
            widths[c] = headers.get(c).length();
        }
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).matches("[0-9][0-9.,]*( [A-Za-z]+)?|-");
            }
        }
        List<String> lines = new ArrayList<>();
        if (withHeader) {
            lines.add(row(headers, widths, numeric));
        }
        for (List<String> row : rows) {
            lines.add(row(row, widths, numeric));
        }
        return lines;
    }

    private static String row(List<String> cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(right[c] ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
        }
        return line.toString().stripTrailing();
    }

    /** @return {@code baseUnits} in tokens with the token's decimals and symbol, e.g. {@code 1.5 GRID} */
    static String amount(BigInteger baseUnits, int decimals, String symbol) {
        return TokenAmount.format(baseUnits, decimals) + " " + symbol;
    }

    static String resources(Resources r) {
        String text = r.cpuMillicores() + " mCPU, " + r.memoryMib() + " MiB, " + r.storageGib() + " GiB";
        return r.gpuCount() > 0 ? text + ", " + r.gpuCount() + " x " + r.gpuModel() : text;
    }

    static String duration(long seconds) {
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
