package io.grid.routes.gateway.logs;

import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.log.LogEvent;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.grid.core.app.AppDiagnosis;
import io.grid.core.workload.OrderNamespace;
import io.grid.routes.gateway.kube.WorkloadDeployer;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The logs and events of an order's app, for the order's signed-in user: read through the
 * Kubernetes pod log API (every container of every pod of the order's namespace, each line prefixed
 * with {@code pod/container}), followed while the client stays and the order is not torn down, and
 * after teardown read from what {@link RetainedLogs} kept.
 *
 * <p>A follower reads the log stream with timestamps; when the stream ends (the API server or the
 * kubelet closed it, or a simulated cluster that does not hold streams open) it opens it again from
 * the last second it saw and skips the lines it already sent, until the order is torn down.
 */
public class AppLogs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppLogs.class);
    /** Most lines a log answer or a retained log starts from, per container. */
    public static final int MAX_TAIL = 10_000;
    private static final Duration REOPEN_PAUSE = Duration.ofMillis(500);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final KubernetesClient client;
    private final LocalOrders orders;
    private final Sessions sessions;
    private final RetainedLogs retained;
    private final Clock clock;
    /** Per order, who follows its events: fed by the cluster watch route ({@link #clusterEvent(Event)}). */
    private final Map<BigInteger, Set<Consumer<Event>>> eventFollowers = new ConcurrentHashMap<>();
    private final ExecutorService followers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "grid-log-follower-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    public AppLogs(KubernetesClient client, LocalOrders orders, Sessions sessions, RetainedLogs retained, Clock clock) {
        this.client = client;
        this.orders = orders;
        this.sessions = sessions;
        this.retained = retained;
        this.clock = clock;
    }

    /** What a log request asks: a container name (or all), the last lines, lines since some seconds ago. */
    public record LogQuery(String container, Integer tail, Long sinceSeconds) {

        public LogQuery {
            if (tail != null && (tail < 0 || tail > MAX_TAIL)) {
                throw new IllegalArgumentException("tail must be 0.." + MAX_TAIL);
            }
            if (sinceSeconds != null && sinceSeconds < 1) {
                throw new IllegalArgumentException("since must be a positive number of seconds");
            }
        }
    }

    /** What an events request asks: the last events, events of the last seconds. */
    public record EventQuery(Integer tail, Long sinceSeconds) {

        public EventQuery {
            if (tail != null && (tail < 0 || tail > MAX_TAIL)) {
                throw new IllegalArgumentException("tail must be 0.." + MAX_TAIL);
            }
            if (sinceSeconds != null && sinceSeconds < 1) {
                throw new IllegalArgumentException("since must be a positive number of seconds");
            }
        }

        /** All events. */
        public static EventQuery all() {
            return new EventQuery(null, null);
        }
    }

    /** The client the gateway reads the cluster with; the cluster watch route uses the same one. */
    public KubernetesClient kubernetes() {
        return client;
    }

    /** The order's logs now: from the cluster, or after teardown from what was retained. */
    public String read(BigInteger orderId, LogQuery query, String cookieHeader, String authorization) {
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        if (order.tornDownAt() != null) {
            return retainedText(orderId, query.container() == null ? null : "/" + query.container());
        }
        List<String[]> sources = startedContainers(orderId, query.container());
        StringBuilder text = new StringBuilder();
        for (String[] source : sources) {
            for (String line : lines(orderId, source[0], source[1], query, false)) {
                text.append(source[0]).append('/').append(source[1]).append(' ').append(line).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * Follows the order's logs into {@code out} until the client goes or the order is torn down;
     * returns at once (followers run on their own threads).
     */
    void follow(BigInteger orderId, LogQuery query, String cookieHeader, String authorization, StreamedText out,
                boolean sse) {
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        if (order.tornDownAt() != null) {
            out.write(format(retainedText(orderId, null), sse));
            out.end();
            return;
        }
        List<String[]> sources = startedContainers(orderId, query.container());
        CountDownLatch running = new CountDownLatch(sources.size());
        for (String[] source : sources) {
            followers.execute(() -> {
                try {
                    followOne(orderId, source[0], source[1], query, out, sse);
                } finally {
                    running.countDown();
                }
            });
        }
        followers.execute(() -> {
            try {
                running.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.end();
        });
        LogEvent.info(LOG, "app_logs_followed").with("order", orderId).with("containers", sources.size()).log();
    }

    private void followOne(BigInteger orderId, String pod, String container, LogQuery query, StreamedText out, boolean sse) {
        String namespace = OrderNamespace.nameOf(orderId);
        Instant last = null;
        boolean first = true;
        while (!out.closed() && live(orderId)) {
            var resource = client.pods().inNamespace(namespace).withName(pod).inContainer(container).usingTimestamps();
            LogWatch watch;
            try {
                if (last != null) {
                    watch = resource.sinceTime(last.truncatedTo(ChronoUnit.SECONDS).toString()).watchLog();
                } else if (query.sinceSeconds() != null) {
                    watch = resource.sinceSeconds(query.sinceSeconds().intValue()).tailingLines(tailOf(query)).watchLog();
                } else {
                    watch = resource.tailingLines(first && query.tail() != null ? query.tail() : MAX_TAIL).watchLog();
                }
            } catch (KubernetesClientException e) {
                break; // the pod is gone
            }
            first = false;
            try (watch; BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (!out.closed() && (line = reader.readLine()) != null) {
                    int space = line.indexOf(' ');
                    Instant at = space > 0 ? parse(line.substring(0, space)) : null;
                    if (at != null && last != null && !at.isAfter(last)) {
                        continue; // sent before the stream was opened again
                    }
                    if (at != null) {
                        last = at;
                    }
                    String text = at == null ? line : line.substring(space + 1);
                    out.write(format(pod + "/" + container + " " + text + "\n", sse));
                }
            } catch (IOException | RuntimeException e) {
                LogEvent.debug(LOG, "app_log_stream_ended").with("order", orderId).with("pod", pod)
                        .with("container", container).with("detail", e.getMessage()).log();
            }
            if (last == null) {
                last = clock.instant().minusSeconds(1);
            }
            pause();
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(REOPEN_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean live(BigInteger orderId) {
        return orders.find(orderId).map(o -> o.tornDownAt() == null).orElse(false);
    }

    private static Instant parse(String timestamp) {
        try {
            return Instant.parse(timestamp);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int tailOf(LogQuery query) {
        return query.tail() == null ? MAX_TAIL : query.tail();
    }

    static String format(String text, boolean sse) {
        if (!sse || text.isEmpty()) {
            return text;
        }
        StringBuilder event = new StringBuilder();
        for (String line : text.split("\n")) {
            event.append("data: ").append(line).append("\n\n");
        }
        return event.toString();
    }

    /** The order's events, oldest first: from the cluster, or after teardown from what was retained. */
    public List<Map<String, Object>> events(BigInteger orderId, String cookieHeader, String authorization) {
        return events(orderId, EventQuery.all(), cookieHeader, authorization);
    }

    /**
     * The order's events, oldest first, those of the last {@code sinceSeconds} and of them the last {@code tail}:
     * from the cluster, or after teardown from what was retained.
     */
    public List<Map<String, Object>> events(BigInteger orderId, EventQuery query, String cookieHeader,
                                            String authorization) {
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        if (order.tornDownAt() != null) {
            return retainedEvents(orderId, query);
        }
        return select(clusterEvents(orderId), query).stream().map(AppLogs::eventView).toList();
    }

    private List<Map<String, Object>> retainedEvents(BigInteger orderId, EventQuery query) {
        String kept = retained.find(orderId).get(RetainedLogs.EVENTS);
        if (kept == null) {
            throw expired(orderId);
        }
        Instant from = query.sinceSeconds() == null ? null : clock.instant().minusSeconds(query.sinceSeconds());
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : kept.split("\n")) {
            if (!line.isBlank() && (from == null || !timeOf(line.substring(0, Math.max(0, line.indexOf(' '))))
                    .map(from::isAfter).orElse(false))) {
                events.add(Map.of("retained", line));
            }
        }
        return tail(events, query.tail());
    }

    private List<Event> clusterEvents(BigInteger orderId) {
        return client.events().v1().events().inNamespace(OrderNamespace.nameOf(orderId)).list().getItems().stream()
                .sorted(Comparator.comparing(AppLogs::eventTime)).toList();
    }

    private List<Event> select(List<Event> events, EventQuery query) {
        Instant from = query.sinceSeconds() == null ? null : clock.instant().minusSeconds(query.sinceSeconds());
        List<Event> selected = events.stream()
                .filter(e -> from == null || !timeOf(eventTime(e)).map(from::isAfter).orElse(false)).toList();
        return tail(selected, query.tail());
    }

    private static <T> List<T> tail(List<T> items, Integer tail) {
        return tail == null || items.size() <= tail ? items : items.subList(items.size() - tail, items.size());
    }

    private static Optional<Instant> timeOf(String time) {
        return Optional.ofNullable(time == null || time.isEmpty() ? null : parse(time));
    }

    /**
     * Follows the order's events into {@code out}, one JSON object a line (or a server-sent event each):
     * first those the query selects, oldest first, then each new one as the cluster watch route hands it
     * over ({@link #clusterEvent(Event)}), until the client goes or the order is torn down. Returns at once.
     */
    void followEvents(BigInteger orderId, EventQuery query, String cookieHeader, String authorization,
                      StreamedText out, boolean sse, java.util.function.Function<Object, String> toJson) {
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        if (order.tornDownAt() != null) {
            StringBuilder text = new StringBuilder();
            retainedEvents(orderId, query).forEach(e -> text.append(toJson.apply(e)).append('\n'));
            out.write(format(text.toString(), sse));
            out.end();
            return;
        }
        Set<String> sent = new HashSet<>();
        Object lock = new Object();
        Consumer<Event> follower = event -> {
            synchronized (lock) {
                if (sent.add(key(event))) {
                    out.write(format(toJson.apply(eventView(event)) + "\n", sse));
                }
            }
        };
        Set<Consumer<Event>> orderFollowers = eventFollowers.computeIfAbsent(orderId, id -> new CopyOnWriteArraySet<>());
        orderFollowers.add(follower);
        synchronized (lock) {
            for (Event event : select(clusterEvents(orderId), query)) {
                sent.add(key(event));
                out.write(format(toJson.apply(eventView(event)) + "\n", sse));
            }
            // Events not selected by since/tail are "sent" already: the watch repeats them when they change.
            clusterEvents(orderId).forEach(e -> sent.add(key(e)));
        }
        followers.execute(() -> {
            try {
                while (!out.closed() && live(orderId)) {
                    pause();
                }
            } finally {
                orderFollowers.remove(follower);
                eventFollowers.computeIfPresent(orderId, (id, set) -> set.isEmpty() ? null : set);
                out.end();
            }
        });
        LogEvent.info(LOG, "app_events_followed").with("order", orderId).log();
    }

    private static String key(Event event) {
        return event.getMetadata() == null ? String.valueOf(event.hashCode())
                : event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
    }

    /**
     * One event of the cluster, as the cluster watch route hands it over: passed to whoever follows the
     * events of the order whose namespace it happened in; events of other namespaces are ignored.
     */
    public void clusterEvent(Event event) {
        if (event == null || event.getMetadata() == null || event.getMetadata().getNamespace() == null) {
            return;
        }
        String namespace = event.getMetadata().getNamespace();
        if (!namespace.startsWith(OrderNamespace.NAME_PREFIX)
                || !namespace.substring(OrderNamespace.NAME_PREFIX.length()).matches("[0-9]{1,78}")) {
            return;
        }
        Set<Consumer<Event>> orderFollowers = eventFollowers.get(
                new BigInteger(namespace.substring(OrderNamespace.NAME_PREFIX.length())));
        if (orderFollowers != null) {
            orderFollowers.forEach(follower -> follower.accept(event));
        }
    }

    /** How many clients follow the events of {@code orderId} now. */
    public int eventFollowers(BigInteger orderId) {
        Set<Consumer<Event>> orderFollowers = eventFollowers.get(orderId);
        return orderFollowers == null ? 0 : orderFollowers.size();
    }

    /** One event as the events endpoint shows it, with the failure it tells of (if any). */
    static Map<String, Object> eventView(Event event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("time", eventTime(event));
        view.put("type", event.getType());
        view.put("reason", event.getReason());
        var about = WorkloadDeployer.clusterEvent(event);
        view.put("object", about.object());
        view.put("message", event.getNote());
        AppDiagnosis.classify(about).ifPresent(reason -> view.put("failure", reason.name()));
        return view;
    }

    private static String eventTime(Event event) {
        if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
            return event.getEventTime().getTime();
        }
        if (event.getDeprecatedLastTimestamp() != null) {
            return event.getDeprecatedLastTimestamp();
        }
        return event.getMetadata() == null || event.getMetadata().getCreationTimestamp() == null ? ""
                : event.getMetadata().getCreationTimestamp();
    }

    /**
     * Keeps the last bytes of every container's log and the events of the order, before its teardown.
     * Failing to read (the namespace is already gone) keeps what could be read.
     */
    public void retain(BigInteger orderId) {
        Map<String, String> texts = new LinkedHashMap<>();
        try {
            for (String[] source : containers(orderId, null)) {
                String text = String.join("\n", lines(orderId, source[0], source[1], new LogQuery(null, MAX_TAIL, null), true));
                texts.put(source[0] + "/" + source[1], text.isEmpty() ? "" : text + "\n");
            }
            StringBuilder events = new StringBuilder();
            for (Event event : client.events().v1().events().inNamespace(OrderNamespace.nameOf(orderId)).list().getItems()
                    .stream().sorted(Comparator.comparing(AppLogs::eventTime)).toList()) {
                events.append(eventTime(event)).append(' ').append(event.getType()).append(' ').append(event.getReason())
                        .append(' ').append(WorkloadDeployer.clusterEvent(event).object()).append(": ")
                        .append(event.getNote()).append('\n');
            }
            texts.put(RetainedLogs.EVENTS, events.toString());
        } catch (KubernetesClientException e) {
            LogEvent.warn(LOG, "app_logs_retain_partial").with("order", orderId).with("detail", e.getMessage()).log();
        }
        if (texts.values().stream().allMatch(String::isEmpty)) {
            // Nothing (left) to read: never replace what an earlier pass kept with nothing.
            LogEvent.info(LOG, "app_logs_retain_skipped").with("order", orderId).with("detail", "nothing to keep")
                    .log();
            return;
        }
        retained.retain(orderId, texts);
        LogEvent.info(LOG, "app_logs_retained").with("order", orderId).with("sources", texts.size())
                .with("until", clock.instant().plus(retained.retention())).log();
    }

    /** Deletes retained logs whose time is over; returns how many. */
    public int deleteExpired() {
        int deleted = retained.deleteExpired();
        if (deleted > 0) {
            LogEvent.info(LOG, "app_logs_expired").with("rows", deleted).log();
        }
        return deleted;
    }

    private String retainedText(BigInteger orderId, String containerSuffix) {
        Map<String, String> kept = retained.find(orderId);
        if (kept.isEmpty()) {
            throw expired(orderId);
        }
        StringBuilder text = new StringBuilder();
        kept.forEach((source, content) -> {
            if (!source.equals(RetainedLogs.EVENTS) && (containerSuffix == null || source.endsWith(containerSuffix))) {
                for (String line : content.split("\n")) {
                    if (!line.isEmpty()) {
                        text.append(source).append(' ').append(line).append('\n');
                    }
                }
            }
        });
        return text.toString();
    }

    private static RefusedException expired(BigInteger orderId) {
        return new RefusedException(Refusal.LOGS_EXPIRED,
                "order " + orderId + " was torn down and its retained logs have expired");
    }

    private List<String> lines(BigInteger orderId, String pod, String container, LogQuery query, boolean quiet) {
        var resource = client.pods().inNamespace(OrderNamespace.nameOf(orderId)).withName(pod).inContainer(container);
        String log;
        try {
            log = query.sinceSeconds() != null
                    ? resource.sinceSeconds(query.sinceSeconds().intValue()).tailingLines(tailOf(query)).getLog()
                    : resource.tailingLines(tailOf(query)).getLog();
        } catch (KubernetesClientException e) {
            // 400 while a container waits (image pull, unscheduled): say so in its place rather than fail all.
            return quiet ? List.of() : List.of("(no log: " + e.getStatus().getMessage() + ")");
        }
        return log == null || log.isEmpty() ? List.of() : List.of(log.split("\n"));
    }

    /**
     * {pod, container} of every container (or the named one) whose log can be read; refuses
     * {@link Refusal#CONTAINER_NOT_STARTED} when none of them has started yet (its pod waits for a node, its
     * image, ...) and {@link Refusal#NOT_FOUND} when the app has no container of that name.
     */
    private List<String[]> startedContainers(BigInteger orderId, String only) {
        List<Pod> pods = client.pods().inNamespace(OrderNamespace.nameOf(orderId)).list().getItems();
        List<String[]> sources = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>();
        for (Pod pod : pods) {
            if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
                continue;
            }
            for (Container container : pod.getSpec().getContainers()) {
                names.add(container.getName());
                if (only != null && !only.equals(container.getName())) {
                    continue;
                }
                String notStarted = notStarted(pod, container.getName());
                if (notStarted == null) {
                    sources.add(new String[] {pod.getMetadata().getName(), container.getName()});
                } else {
                    waiting.add(pod.getMetadata().getName() + "/" + container.getName() + " " + notStarted);
                }
            }
        }
        if (pods.isEmpty()) {
            throw new RefusedException(Refusal.CONTAINER_NOT_STARTED, "no log yet: order " + orderId
                    + "'s app has no pod (not deployed yet, or its pods could not be created). Deploy it, or see "
                    + "GET /gateway/orders/" + orderId + "/app and /app/events for why no pod runs");
        }
        if (only != null && sources.isEmpty() && waiting.isEmpty()) {
            throw new RefusedException(Refusal.NOT_FOUND, "order " + orderId + "'s app has no container named "
                    + only + "; its containers: " + String.join(", ", names));
        }
        if (sources.isEmpty() && !waiting.isEmpty()) {
            throw new RefusedException(Refusal.CONTAINER_NOT_STARTED, "no log yet: " + String.join("; ", waiting)
                    + ". Ask again once it runs; GET /gateway/orders/" + orderId
                    + "/app and /app/events tell why it waits");
        }
        return sources;
    }

    /** Why the container has not started yet, or null when it has (it runs, or ran before). */
    static String notStarted(Pod pod, String container) {
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (!container.equals(status.getName())) {
                    continue;
                }
                if (status.getState() != null && (status.getState().getRunning() != null
                        || status.getState().getTerminated() != null)) {
                    return null;
                }
                if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
                    return null; // restarting: the previous run's log is there
                }
                if (status.getState() != null && status.getState().getWaiting() != null) {
                    var waiting = status.getState().getWaiting();
                    return "is waiting (" + waiting.getReason()
                            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()) + ")";
                }
                return "has not started";
            }
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
                    return "is not scheduled on a node (" + condition.getReason()
                            + (condition.getMessage() == null ? "" : ": " + condition.getMessage()) + ")";
                }
            }
        }
        return "has not started";
    }

    /** {pod, container} of every container (or the named one) in the order's namespace. */
    private List<String[]> containers(BigInteger orderId, String only) {
        List<String[]> sources = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(OrderNamespace.nameOf(orderId)).list().getItems()) {
            if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
                continue;
            }
            for (Container container : pod.getSpec().getContainers()) {
                if (only == null || only.equals(container.getName())) {
                    sources.add(new String[] {pod.getMetadata().getName(), container.getName()});
                }
            }
        }
        return sources;
    }

    private LocalOrder authorised(BigInteger orderId, String cookieHeader, String authorization) {
        LocalOrder order = orders.find(orderId).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_ORDER,
                "order " + orderId + " is not accepted at this gateway"));
        sessions.authorise(order, cookieHeader, authorization, clock.instant());
        return order;
    }

    @Override
    public void close() {
        followers.shutdownNow();
    }
}
