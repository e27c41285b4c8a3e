package io.grid.routes.gateway.logs;

import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.log.LogEvent;
import io.fabric8.kubernetes.api.model.Container;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** The order's logs now: from the cluster, or after teardown from what was retained. */
    public String read(BigInteger orderId, LogQuery query, String cookieHeader, String authorization) {
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        if (order.tornDownAt() != null) {
            return retainedText(orderId, query.container() == null ? null : "/" + query.container());
        }
        StringBuilder text = new StringBuilder();
        for (String[] source : containers(orderId, query.container())) {
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
        List<String[]> sources = containers(orderId, query.container());
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
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        if (order.tornDownAt() != null) {
            String kept = retained.find(orderId).get(RetainedLogs.EVENTS);
            if (kept == null) {
                throw expired(orderId);
            }
            List<Map<String, Object>> events = new ArrayList<>();
            for (String line : kept.split("\n")) {
                if (!line.isBlank()) {
                    events.add(Map.of("retained", line));
                }
            }
            return events;
        }
        return client.events().v1().events().inNamespace(OrderNamespace.nameOf(orderId)).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(AppLogs::eventTime))
                .map(AppLogs::eventView)
                .toList();
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
                    .stream().sorted(java.util.Comparator.comparing(AppLogs::eventTime)).toList()) {
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
