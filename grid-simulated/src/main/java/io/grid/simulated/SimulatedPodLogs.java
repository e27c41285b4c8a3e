package io.grid.simulated;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SIMULATED: the logs of one pod's containers, as the simulated kubelet keeps them: each line with
 * the time it was written, the current run's lines and the previous (crashed) run's. Bounded.
 */
final class SimulatedPodLogs {

    private static final int MAX_LINES = 10_000;

    /** One line and when it was written. */
    record Line(Instant at, String text) {
    }

    /** A log answer: the text, or why there is none (the API answers 400 then). */
    record Answer(String text, String refusal) {
    }

    private static final class ContainerLog {
        final Deque<Line> current = new ArrayDeque<>();
        final List<Line> previous = new ArrayList<>();
        String waiting;
    }

    private final Map<String, String> labels;
    private final Map<String, ContainerLog> containers = new LinkedHashMap<>();
    // Lines written in one nanosecond-resolution clock tick must stay in order and distinct for sinceTime.
    private Instant lastAt = Instant.EPOCH;

    SimulatedPodLogs(Map<String, String> labels) {
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    synchronized boolean selectedBy(Map<String, String> selector) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    synchronized void startedIfNew(String container, String line) {
        if (!containers.containsKey(container)) {
            append(containers.computeIfAbsent(container, c -> new ContainerLog()), line);
        }
    }

    synchronized void appendToFirst(String line) {
        containers.values().stream().findFirst().filter(c -> c.waiting == null).ifPresent(c -> append(c, line));
    }

    synchronized void waiting(String container, String why) {
        containers.computeIfAbsent(container, c -> new ContainerLog()).waiting = why;
    }

    /** The container crashed after writing {@code lines}; they are its previous run's log. */
    synchronized void crashed(String container, List<String> lines) {
        ContainerLog log = containers.computeIfAbsent(container, c -> new ContainerLog());
        log.previous.clear();
        for (String line : lines) {
            log.previous.add(new Line(next(), line));
        }
        log.current.clear();
    }

    synchronized Answer read(String container, boolean previous, int tailLines, Instant since, boolean timestamps) {
        String name = container == null ? containers.keySet().stream().findFirst().orElse(null) : container;
        ContainerLog log = name == null ? null : containers.get(name);
        if (log == null) {
            return new Answer(null, "container " + name + " is not valid for this pod");
        }
        if (log.waiting != null) {
            return new Answer(null, log.waiting);
        }
        List<Line> lines = new ArrayList<>(previous ? log.previous : log.current);
        if (since != null) {
            lines.removeIf(l -> l.at().isBefore(since));
        }
        if (tailLines >= 0 && lines.size() > tailLines) {
            lines = lines.subList(lines.size() - tailLines, lines.size());
        }
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            if (timestamps) {
                text.append(line.at()).append(' ');
            }
            text.append(line.text()).append('\n');
        }
        return new Answer(text.toString(), null);
    }

    private void append(ContainerLog log, String text) {
        log.current.addLast(new Line(next(), text));
        while (log.current.size() > MAX_LINES) {
            log.current.removeFirst();
        }
    }

    private Instant next() {
        Instant now = Instant.now();
        lastAt = now.isAfter(lastAt) ? now : lastAt.plusNanos(1);
        return lastAt;
    }
}
