package io.grid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.client.GatewayClient;
import io.grid.client.GridUnavailableException;
import io.grid.client.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grid app logs} and {@code grid app events}: read once, or followed ({@code --follow}) until the order is
 * torn down or Ctrl-C; a followed stream that drops is opened again politely (waiting 1, 2, 4, 8, 16 seconds, at
 * most {@value #MAX_RETRIES} times in a row) from where it was, without printing a line twice.
 */
final class AppStreams {

    /** How many times in a row a dropped stream is opened again before the command gives up. */
    static final int MAX_RETRIES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many of the last lines are remembered to skip what a re-opened stream sends again. */
    private static final int REMEMBERED = 2_000;

    /** Waits between attempts; tests replace it. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    static Pause pause = duration -> Thread.sleep(duration.toMillis());

    /** Opens the stream; {@code resumeAfter} is null the first time, else the instant of the last line seen. */
    interface Opener {
        void open(Instant resumeAfter);
    }

    private AppStreams() {
    }

    /**
     * Runs {@code opener} and, while {@code follow}, opens it again after each drop, telling {@code err} so.
     * Counts drops in a row: a stream that brought lines since the last drop starts the count again.
     *
     * @param progressed tells whether lines arrived since it was last asked (and resets it)
     */
    static void withRetries(boolean follow, Opener opener, java.util.function.BooleanSupplier progressed,
                            PrintWriter err) throws InterruptedException {
        Instant resumeAfter = null;
        int drops = 0;
        while (true) {
            try {
                opener.open(resumeAfter);
                return;
            } catch (GridUnavailableException e) {
                if (!follow) {
                    throw e;
                }
                drops = progressed.getAsBoolean() ? 1 : drops + 1;
                if (drops > MAX_RETRIES) {
                    throw new GridUnavailableException("gave up after " + MAX_RETRIES + " attempts in a row: "
                            + e.getMessage(), e);
                }
                Duration wait = Duration.ofSeconds(1L << (drops - 1));
                err.println("grid: the stream dropped (" + e.getMessage() + "); opening it again in "
                        + wait.toSeconds() + "s (attempt " + drops + " of " + MAX_RETRIES + ")");
                err.flush();
                pause.sleep(wait);
                resumeAfter = Instant.now().minus(wait);
            }
        }
    }

    /** The query string of the named values that are set. */
    static String query(Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((name, value) -> {
            if (value != null && !(value instanceof Boolean b && !b)) {
                parts.add(name + "=" + java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return String.join("&", parts);
    }

    /** Lines printed lately, to skip those a re-opened stream sends again. */
    static final class Seen {
        private final Set<String> lines = new LinkedHashSet<>();
        private boolean progressed;
        private boolean skipping;

        /** @return true when the line is new and should be printed */
        synchronized boolean fresh(String line) {
            if (skipping && lines.contains(line)) {
                return false;
            }
            skipping = false;
            lines.add(line);
            if (lines.size() > REMEMBERED) {
                lines.remove(lines.iterator().next());
            }
            progressed = true;
            return true;
        }

        /** A stream is opened again: skip its first lines as long as they were printed before. */
        synchronized void reopened() {
            skipping = true;
        }

        synchronized boolean progressed() {
            boolean was = progressed;
            progressed = false;
            return was;
        }
    }

    /** Seconds back to resume from: since the last line (with a second to spare), at least one. */
    static long sinceSeconds(Instant resumeAfter, Instant lastLine) {
        Instant from = lastLine != null ? lastLine : resumeAfter;
        return Math.max(1, Duration.between(from, Instant.now()).toSeconds() + 2);
    }

    @Command(name = "logs", description = "The app's container logs, each line prefixed pod/container; --follow "
            + "keeps printing new lines until the order ends (Ctrl-C to stop).")
    static final class Logs extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Option(names = "--container", paramLabel = "NAME", description = "Only this container.")
        String container;

        @Option(names = "--tail", paramLabel = "LINES", description = "The last lines of each container.")
        Integer tail;

        @Option(names = "--since", paramLabel = "DURATION", converter = Durations.class,
                description = "Only lines of the last DURATION (e.g. 10m).")
        Long sinceSeconds;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they are written.")
        boolean follow;

        @Override
        void run() throws InterruptedException {
            AppCommands.Reach reach = AppCommands.reach(grid(), OrderCommands.orderId(id));
            logs(reach.gateway(), reach.session(), container, tail, sinceSeconds, follow, line -> {
                out().line(line);
                out().data(Map.of("line", line));
            }, grid().err());
        }
    }

    /** Prints the order's logs through {@code print}, opening a followed stream again when it drops. */
    static void logs(GatewayClient gateway, Session session, String container, Integer tail, Long sinceSeconds,
                     boolean follow, Consumer<String> print, PrintWriter err) throws InterruptedException {
        Seen seen = new Seen();
        Instant[] lastLine = {null};
        Consumer<String> fresh = line -> {
            if (seen.fresh(line)) {
                lastLine[0] = Instant.now();
                print.accept(line);
            }
        };
        withRetries(follow, resumeAfter -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("container", container);
            if (resumeAfter == null) {
                values.put("tail", tail);
                values.put("since", sinceSeconds);
            } else {
                seen.reopened();
                values.put("since", sinceSeconds(resumeAfter, lastLine[0]));
            }
            values.put("follow", follow);
            gateway.appLogs(session, query(values), fresh);
        }, seen::progressed, err);
    }

    @Command(name = "events", description = "The Kubernetes events of the app's namespace, oldest first, with the "
            + "typed failure each tells of and what to do; --follow keeps printing new ones until the order ends.")
    static final class Events extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Option(names = "--tail", paramLabel = "EVENTS", description = "Only the last events.")
        Integer tail;

        @Option(names = "--since", paramLabel = "DURATION", converter = Durations.class,
                description = "Only events of the last DURATION (e.g. 10m).")
        Long sinceSeconds;

        @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they happen.")
        boolean follow;

        @Override
        void run() throws InterruptedException {
            AppCommands.Reach reach = AppCommands.reach(grid(), OrderCommands.orderId(id));
            Seen seen = new Seen();
            Instant[] lastLine = {null};
            Consumer<String> print = line -> {
                for (JsonNode event : events(line)) {
                    if (seen.fresh(event.toString())) {
                        lastLine[0] = Instant.now();
                        out().data(event);
                        describe(event).forEach(out()::line);
                    }
                }
            };
            withRetries(follow, resumeAfter -> {
                Map<String, Object> values = new LinkedHashMap<>();
                if (resumeAfter == null) {
                    values.put("tail", tail);
                    values.put("since", sinceSeconds);
                } else {
                    seen.reopened();
                    values.put("since", sinceSeconds(resumeAfter, lastLine[0]));
                }
                values.put("follow", follow);
                reach.gateway().appEvents(reach.session(), query(values), print);
            }, seen::progressed, grid().err());
        }
    }

    /** The events in one line of the answer: an array (not followed) or one object (followed). */
    static List<JsonNode> events(String line) {
        if (line.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new GridUnavailableException("the gateway sent an event that is not JSON: " + line, e);
        }
        List<JsonNode> events = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(events::add);
        } else {
            events.add(node);
        }
        return events;
    }

    /**
     * One event for people: {@code time type reason object: message}, and when it tells of a typed failure a
     * second line with the failure's reason and what to do.
     */
    static List<String> describe(JsonNode event) {
        if (event.has("retained")) {
            return List.of(event.path("retained").asText());
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.join(" ", event.path("time").asText(), event.path("type").asText(),
                event.path("reason").asText(), event.path("object").asText() + ":", event.path("message").asText()));
        String failure = event.path("failure").asText("");
        if (!failure.isEmpty()) {
            String advice = Failures.advice(failure);
            lines.add("  failure " + failure + (advice == null ? "" : ": " + advice));
        }
        return lines;
    }
}
