package io.grid.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every log line of GRID's main code is written through {@link LogEvent} (an event name and key-values): no logger
 * call with a message of its own, no {@code event=} or {@code order={}} in message text.
 */
class OneLogStyleTest {

    /** A logger called directly: {@code LOG.info(...)}, {@code log.warn(...)}... */
    private static final Pattern DIRECT_CALL =
            Pattern.compile("\\b(LOG|LOGGER|log|logger)\\s*\\.\\s*(trace|debug|info|warn|error)\\s*\\(");

    @Test
    void everyMainSourceLogsThroughLogEvent() throws IOException {
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders = new ArrayList<>();
        for (Path file : mainSources(checkout)) {
            if (file.endsWith(Path.of("io/grid/core/log/LogEvent.java"))) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (DIRECT_CALL.matcher(lines.get(i)).find()) {
                    offenders.add(checkout.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(offenders).as("log lines not written through LogEvent").isEmpty();
    }

    private static List<Path> mainSources(Path checkout) throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> found = Files.find(checkout, 5, (path, attributes) -> attributes.isDirectory()
                && path.endsWith(Path.of("src/main/java")) && !path.toString().contains("node_modules"))) {
            found.forEach(roots::add);
        }
        assertThat(roots).as("main source roots under %s", checkout).hasSizeGreaterThan(5);
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> sources = Files.walk(root)) {
                sources.filter(path -> path.toString().endsWith(".java")).forEach(files::add);
            }
        }
        return files;
    }
}
