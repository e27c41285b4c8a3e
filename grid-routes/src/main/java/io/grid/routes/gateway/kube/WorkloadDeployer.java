package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.grid.api.DeployResult;
import io.grid.api.Resources;
import io.grid.core.app.AppDiagnosis;
import io.grid.core.app.AppFailure;
import io.grid.core.app.AppFailureReason;
import io.grid.core.app.ClusterEvent;
import io.grid.core.workload.OrderNamespace;
import io.grid.core.log.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Deploys an order's (already sanitised) app into the order's own namespace, waits for it to be
 * ready, and tears it down again.
 *
 * <p>Every object is stamped with the order's ownership labels and written with plain create, then
 * update on 409 <em>only</em> when the existing object's labels say it is this order's. Server-side
 * apply is not used: fabric8's mock API server answers it with 404 for objects that do not exist yet.
 * Transient failures (5xx, 429, timeouts) are retried with a bounded exponential {@link Backoff};
 * refusals (403, 400, 422, 401) are not retried and surface as {@link DeployRefusedByCluster}.
 *
 * <p>Teardown deletes everything labelled with the order and then the namespace: a real API server
 * would cascade the namespace deletion, but that is not relied upon.
 */
public class WorkloadDeployer {

    /** Label a user may put on one Service to make it the entrance; otherwise the first Service is. */
    public static final String ENTRANCE_LABEL = "grid.io/entrance";

    /**
     * Where the gateway runs when nothing else is said: pods labelled
     * {@code app.kubernetes.io/name=grid-gateway} in the namespace {@code grid-gateway}. If that is
     * wrong, the order's app is unreachable (the policy fails closed), never open to others.
     */
    public static final OrderNamespace.Gateway DEFAULT_GATEWAY = OrderNamespace.Gateway.pods(
            Map.of("kubernetes.io/metadata.name", "grid-gateway"), Map.of("app.kubernetes.io/name", "grid-gateway"));

    /** The kinds an order's app may consist of (the YAML policy admits no others). */
    static final Map<String, Class<? extends HasMetadata>> APP_KINDS = orderedKinds(
            Deployment.class, StatefulSet.class, Service.class, ConfigMap.class, Secret.class, PersistentVolumeClaim.class);

    /** Namespaced kinds GRID itself creates or the cluster creates for the order, deleted on teardown. */
    private static final List<Class<? extends HasMetadata>> TEARDOWN_KINDS = List.of(
            Deployment.class, StatefulSet.class, Service.class, ConfigMap.class, Secret.class, PersistentVolumeClaim.class,
            Pod.class, NetworkPolicy.class, LimitRange.class, ResourceQuota.class);

    private static final int RECENT_EVENTS = 20;
    /** How many lines of a crashed container's log a failure carries. */
    public static final int CRASH_LOG_LINES = 20;
    /** How often a deploy that waits for readiness looks for a reason it will not come. */
    private static final Duration DIAGNOSIS_PERIOD = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(WorkloadDeployer.class);

    private final KubernetesClient client;
    private final EntranceResolver entrances;
    private final Duration readinessDeadline;
    private final OrderNamespace.Gateway gateway;
    private final Backoff backoff;

    /** A deployer for a gateway at {@link #DEFAULT_GATEWAY}, with {@link Backoff#DEFAULT}. */
    public WorkloadDeployer(KubernetesClient client, EntranceResolver entrances, Duration readinessDeadline) {
        this(client, entrances, readinessDeadline, DEFAULT_GATEWAY, Backoff.DEFAULT);
    }

    /**
     * @param client            the cluster
     * @param entrances         turns the entrance Service into the URI the proxy forwards to
     * @param readinessDeadline how long a deploy waits for its workloads to be ready
     * @param gateway           where the gateway's traffic comes from (the network policy admits only it)
     * @param backoff           retries of transient API failures
     */
    public WorkloadDeployer(KubernetesClient client, EntranceResolver entrances, Duration readinessDeadline,
                            OrderNamespace.Gateway gateway, Backoff backoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.entrances = Objects.requireNonNull(entrances, "entrances");
        this.readinessDeadline = Objects.requireNonNull(readinessDeadline, "readinessDeadline");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (readinessDeadline.isNegative() || readinessDeadline.isZero()) {
            throw new IllegalArgumentException("readinessDeadline must be positive");
        }
    }

    /**
     * Creates or updates the order's namespace (with quota, limit range, network policies) and app,
     * then waits for its workloads to be ready. Deploying the same set again changes nothing.
     *
     * @param objects the app, already sanitised by the YAML policy; only {@link #APP_KINDS} are accepted
     * @throws IllegalArgumentException  for an object of another kind or without a name
     * @throws DeployRefusedByCluster    when the API server refuses a step (refund the order)
     * @throws ObjectOwnedElsewhere      when an object of the same name exists and is not the order's
     * @throws ClusterUnavailable        when the API server keeps failing
     * @throws ReadinessDeadlineExceeded when the workloads are not ready in time
     * @throws AppFailed                 when the cluster says why the app will not run (before the deadline)
     */
    public DeployResult deploy(BigInteger orderId, Resources ordered, List<HasMetadata> objects) {
        return deploy(orderId, ordered, objects, false);
    }

    /**
     * Like {@link #deploy}, and then deletes the order's app objects that are not in {@code objects}:
     * the order's app becomes exactly this set.
     */
    public DeployResult redeploy(BigInteger orderId, Resources ordered, List<HasMetadata> objects) {
        return deploy(orderId, ordered, objects, true);
    }

    private DeployResult deploy(BigInteger orderId, Resources ordered, List<HasMetadata> objects, boolean prune) {
        OrderNamespace rails = OrderNamespace.of(orderId, ordered, gateway);
        String namespace = rails.name();
        List<HasMetadata> app = objects.stream().map(o -> stamped(o, orderId, namespace)).toList();
        if (ordered.gpuCount() > 0) {
            try {
                GpuModelSpelling.respell(app, client.nodes().list().getItems());
            } catch (KubernetesClientException e) {
                LogEvent.warn(LOG, "gpu_model_spelling_unknown").with("order", orderId).with("error", e.getMessage()).log();
            }
        }
        for (HasMetadata railing : rails.objects()) {
            createOrUpdate(orderId, railing);
        }
        List<String> names = new ArrayList<>();
        Service entrance = null;
        for (HasMetadata object : app) {
            HasMetadata written = createOrUpdate(orderId, object);
            names.add(describe(object));
            if (written instanceof Service service && isBetterEntrance(service, entrance)) {
                entrance = service;
            }
        }
        if (prune) {
            pruneAllBut(orderId, namespace, new LinkedHashSet<>(names));
        }
        String entranceUri = entrance == null ? null : entrances.entranceOf(entrance).toString();
        awaitReadiness(orderId, namespace, app, new DeployResult(orderId, namespace, names, entranceUri, false));
        LogEvent.info(LOG, "workload_deployed").with("order", orderId).with("namespace", namespace)
                .with("objects", names).with("entrance", entranceUri).log();
        return new DeployResult(orderId, namespace, names, entranceUri, true);
    }

    /**
     * Deletes everything labelled with the order in its namespace, then the namespace. Tearing down
     * what is already gone succeeds.
     */
    public void undeploy(BigInteger orderId) {
        String namespace = OrderNamespace.nameOf(orderId);
        for (Class<? extends HasMetadata> kind : TEARDOWN_KINDS) {
            call(orderId, "delete " + kind.getSimpleName() + "s of " + namespace, () ->
                    client.resources(kind).inNamespace(namespace).withLabel(OrderNamespace.ORDER_LABEL, orderId.toString()).delete());
        }
        call(orderId, "delete namespace " + namespace, () -> client.namespaces().withName(namespace).delete());
        LogEvent.info(LOG, "workload_torn_down").with("order", orderId).with("namespace", namespace).log();
    }

    /** The order's workloads, pods and latest events. */
    public DeploymentStatus status(BigInteger orderId) {
        String namespace = OrderNamespace.nameOf(orderId);
        return call(orderId, "read status of " + namespace, () -> readStatus(orderId, namespace));
    }

    private DeploymentStatus readStatus(BigInteger orderId, String namespace) {
        boolean exists = client.namespaces().withName(namespace).get() != null;
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        List<io.fabric8.kubernetes.api.model.events.v1.Event> events = events(namespace);
        List<DeploymentStatus.Workload> workloads = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            workloads.add(workload(d, desired(d.getSpec().getReplicas()),
                    d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()), pods));
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            workloads.add(workload(s, desired(s.getSpec().getReplicas()),
                    s.getStatus() == null ? 0 : orZero(s.getStatus().getReadyReplicas()), pods));
        }
        Map<String, String> phases = new HashMap<>();
        for (Pod pod : pods) {
            phases.put(pod.getMetadata().getName(), pod.getStatus() == null || pod.getStatus().getPhase() == null
                    ? "Unknown" : pod.getStatus().getPhase());
        }
        List<String> lines = events.stream().map(e -> e.getReason() + ": " + e.getNote()).toList();
        List<String> recent = lines.subList(Math.max(0, lines.size() - RECENT_EVENTS), lines.size());
        boolean allReady = workloads.stream().allMatch(DeploymentStatus.Workload::ready);
        AppFailure failure = allReady ? null
                : AppDiagnosis.diagnose(pods, events.stream().map(WorkloadDeployer::clusterEvent).toList())
                        .map(f -> withLastLogLines(namespace, f)).orElse(null);
        return new DeploymentStatus(orderId, namespace, exists, workloads, phases, recent, failure);
    }

    /** The namespace's events (events.k8s.io/v1), oldest first. */
    public List<io.fabric8.kubernetes.api.model.events.v1.Event> events(String namespace) {
        return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(WorkloadDeployer::eventTime))
                .toList();
    }

    /** An event as the diagnosis reads it. */
    public static ClusterEvent clusterEvent(io.fabric8.kubernetes.api.model.events.v1.Event event) {
        var regarding = event.getRegarding();
        return new ClusterEvent(event.getType(), event.getReason(), event.getNote(),
                regarding == null ? "" : regarding.getKind() + "/" + regarding.getName());
    }

    /** A crash loop's last log lines come from the previous run of the crashed container. */
    private AppFailure withLastLogLines(String namespace, AppFailure failure) {
        if (failure.reason() != AppFailureReason.CRASH_LOOP && failure.reason() != AppFailureReason.OUT_OF_MEMORY
                || failure.pod() == null || failure.container() == null) {
            return failure;
        }
        try {
            String log = client.pods().inNamespace(namespace).withName(failure.pod()).inContainer(failure.container())
                    .terminated().tailingLines(CRASH_LOG_LINES).getLog();
            return failure.withLastLogLines(log == null || log.isEmpty() ? List.of() : List.of(log.split("\n")));
        } catch (KubernetesClientException e) {
            LogEvent.debug(LOG, "crash_log_unreadable").with("namespace", namespace).with("pod", failure.pod())
                    .with("detail", e.getMessage()).log();
            return failure;
        }
    }

    private static DeploymentStatus.Workload workload(HasMetadata workload, int desired, int ready, List<Pod> pods) {
        List<Pod> own = pods.stream().filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata()
                .getOwnerReferences().stream().anyMatch(o -> workload.getMetadata().getName().equals(o.getName())
                        || o.getName() != null && o.getName().startsWith(workload.getMetadata().getName() + "-")))
                .toList();
        int restarts = own.stream().mapToInt(AppDiagnosis::restarts).sum();
        String last = own.stream().map(AppDiagnosis::lastTerminationReason).filter(Objects::nonNull).reduce((a, b) -> b)
                .orElse(null);
        return new DeploymentStatus.Workload(workload.getKind(), workload.getMetadata().getName(), desired, ready,
                restarts, last);
    }

    private void awaitReadiness(BigInteger orderId, String namespace, List<HasMetadata> app, DeployResult notReady) {
        long deadline = System.nanoTime() + readinessDeadline.toNanos();
        for (HasMetadata object : app) {
            String name = object.getMetadata().getName();
            while (true) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                long slice = Math.max(1, Math.min(remainingMillis, DIAGNOSIS_PERIOD.toMillis()));
                try {
                    if (object instanceof Deployment) {
                        client.apps().deployments().inNamespace(namespace).withName(name)
                                .waitUntilCondition(WorkloadDeployer::ready, slice, TimeUnit.MILLISECONDS);
                    } else if (object instanceof StatefulSet) {
                        client.apps().statefulSets().inNamespace(namespace).withName(name)
                                .waitUntilCondition(WorkloadDeployer::ready, slice, TimeUnit.MILLISECONDS);
                    }
                    break;
                } catch (KubernetesClientTimeoutException e) {
                    // Not ready yet: does the cluster already say why it will not be?
                    DeploymentStatus now = status(orderId);
                    if (now.failure() != null) {
                        LogEvent.info(LOG, "app_failed").with("order", orderId).with("reason", now.failure().reason())
                                .with("detail", now.failure().describe()).log();
                        throw new AppFailed(notReady, now.failure());
                    }
                    if (remainingMillis <= slice) {
                        throw new ReadinessDeadlineExceeded(notReady, now, e);
                    }
                }
            }
        }
    }

    static boolean ready(Deployment d) {
        if (d == null || d.getStatus() == null) {
            return false;
        }
        int desired = desired(d.getSpec().getReplicas());
        return caughtUp(d.getMetadata(), d.getStatus().getObservedGeneration())
                && orZero(d.getStatus().getReadyReplicas()) >= desired
                && orZero(d.getStatus().getAvailableReplicas()) >= desired;
    }

    static boolean ready(StatefulSet s) {
        if (s == null || s.getStatus() == null) {
            return false;
        }
        return caughtUp(s.getMetadata(), s.getStatus().getObservedGeneration())
                && orZero(s.getStatus().getReadyReplicas()) >= desired(s.getSpec().getReplicas());
    }

    /** A status describes the current spec only once the controller has observed its generation. */
    private static boolean caughtUp(ObjectMeta metadata, Long observedGeneration) {
        return metadata.getGeneration() == null || (observedGeneration != null && observedGeneration >= metadata.getGeneration());
    }

    /**
     * Create; on 409 update, but only an object whose labels say it is this order's (it may be the
     * result of an earlier create whose answer was lost to a timeout).
     */
    private HasMetadata createOrUpdate(BigInteger orderId, HasMetadata object) {
        String what = describe(object);
        for (int attempt = 1; ; attempt++) {
            try {
                return call(orderId, "create " + what, () -> client.resource(object).create());
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
            HasMetadata existing = call(orderId, "read " + what, () -> client.resource(object).get());
            if (existing == null) {
                if (attempt >= backoff.attempts()) {
                    throw new ClusterUnavailable(orderId, what + " kept appearing and vanishing", null);
                }
                continue; // deleted between our create and our read: create again
            }
            if (!OrderNamespace.isOwnedBy(existing, orderId)) {
                throw new ObjectOwnedElsewhere(orderId, what);
            }
            object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            try {
                return call(orderId, "update " + what, () -> client.resource(object).update());
            } catch (KubernetesClientException e) {
                // 409: changed since we read it; 404: deleted since. Both: start over, boundedly.
                boolean raced = e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
                if (!raced || attempt >= backoff.attempts()) {
                    throw raced ? new ClusterUnavailable(orderId, what + " kept changing under us", e) : e;
                }
            } finally {
                object.getMetadata().setResourceVersion(null);
            }
        }
    }

    private void pruneAllBut(BigInteger orderId, String namespace, Set<String> keep) {
        for (Class<? extends HasMetadata> kind : APP_KINDS.values()) {
            List<? extends HasMetadata> labelled = call(orderId, "list " + kind.getSimpleName() + "s of " + namespace, () ->
                    client.resources(kind).inNamespace(namespace).withLabel(OrderNamespace.ORDER_LABEL, orderId.toString())
                            .list().getItems());
            for (HasMetadata stale : labelled) {
                if (!keep.contains(describe(stale))) {
                    call(orderId, "delete " + describe(stale), () -> client.resource(stale).inNamespace(namespace).delete());
                    LogEvent.info(LOG, "stale_object_removed").with("order", orderId).with("object", describe(stale))
                            .log();
                }
            }
        }
    }

    /**
     * Runs one API call: transient failures (5xx, 429, no answer) are retried with the backoff,
     * refusals are not; 404 and 409 go back to the caller, who knows what they mean.
     */
    private <T> T call(BigInteger orderId, String what, Supplier<T> apiCall) {
        for (int attempt = 1; ; attempt++) {
            try {
                return apiCall.get();
            } catch (KubernetesClientException e) {
                int code = e.getCode();
                if (code == HttpURLConnection.HTTP_CONFLICT || code == HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
                if (!transientFailure(code)) {
                    throw new DeployRefusedByCluster(orderId, code, "the cluster refused to " + what + ": " + code
                            + " " + e.getMessage(), e);
                }
                if (attempt >= backoff.attempts()) {
                    throw new ClusterUnavailable(orderId, "could not " + what + " in " + attempt + " tries", e);
                }
                Duration delay = backoff.delayAfter(attempt);
                LogEvent.warn(LOG, "cluster_call_retry").with("order", orderId).with("call", what)
                        .with("error", code <= 0 ? e.getMessage() : code).with("attempt", attempt + 1)
                        .with("attempts", backoff.attempts()).with("retryInMs", delay.toMillis()).log();
                pause(orderId, delay, e);
            }
        }
    }

    private static boolean transientFailure(int code) {
        // 0 or -1: no HTTP answer at all (timeout, connection reset); 429: throttled; 5xx: server trouble.
        return code <= 0 || code == 429 || code >= 500;
    }

    private static void pause(BigInteger orderId, Duration delay, KubernetesClientException cause) {
        try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            ClusterUnavailable failure = new ClusterUnavailable(orderId, "interrupted while backing off", interrupted);
            failure.addSuppressed(cause);
            throw failure;
        }
    }

    /** A copy of the object, in the order's namespace, carrying the order's labels (pods too). */
    private HasMetadata stamped(HasMetadata original, BigInteger orderId, String namespace) {
        if (original == null || original.getMetadata() == null || original.getMetadata().getName() == null
                || original.getMetadata().getName().isBlank()) {
            throw new IllegalArgumentException("every object needs metadata.name");
        }
        if (!APP_KINDS.containsKey(original.getKind()) || !APP_KINDS.get(original.getKind()).isInstance(original)) {
            throw new IllegalArgumentException("kind " + original.getKind() + " is not deployable; allowed: " + APP_KINDS.keySet());
        }
        HasMetadata copy = client.getKubernetesSerialization().clone(original);
        ObjectMeta metadata = copy.getMetadata();
        metadata.setNamespace(namespace);
        metadata.setResourceVersion(null);
        metadata.setUid(null);
        metadata.setLabels(withOwnership(metadata.getLabels(), orderId));
        PodTemplateSpec template = copy instanceof Deployment d ? d.getSpec().getTemplate()
                : copy instanceof StatefulSet s ? s.getSpec().getTemplate() : null;
        if (template != null) {
            if (template.getMetadata() == null) {
                template.setMetadata(new ObjectMeta());
            }
            template.getMetadata().setLabels(withOwnership(template.getMetadata().getLabels(), orderId));
        }
        return copy;
    }

    private static Map<String, String> withOwnership(Map<String, String> labels, BigInteger orderId) {
        Map<String, String> merged = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
        merged.putAll(OrderNamespace.ownershipLabels(orderId));
        return merged;
    }

    private static boolean isBetterEntrance(Service candidate, Service current) {
        if (current == null) {
            return true;
        }
        return !isMarkedEntrance(current) && isMarkedEntrance(candidate);
    }

    private static boolean isMarkedEntrance(Service service) {
        Map<String, String> labels = service.getMetadata().getLabels();
        return labels != null && "true".equals(labels.get(ENTRANCE_LABEL));
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private static String eventTime(io.fabric8.kubernetes.api.model.events.v1.Event event) {
        // RFC 3339 timestamps of one format sort as text; missing ones sort first.
        if (event.getSeries() != null && event.getSeries().getLastObservedTime() != null) {
            return event.getSeries().getLastObservedTime().getTime();
        }
        if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
            return event.getEventTime().getTime();
        }
        if (event.getDeprecatedLastTimestamp() != null) {
            return event.getDeprecatedLastTimestamp();
        }
        String created = event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp();
        return created == null ? "" : created;
    }

    private static int desired(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    @SafeVarargs
    private static Map<String, Class<? extends HasMetadata>> orderedKinds(Class<? extends HasMetadata>... kinds) {
        Map<String, Class<? extends HasMetadata>> byKind = new LinkedHashMap<>();
        for (Class<? extends HasMetadata> kind : kinds) {
            byKind.put(kind.getSimpleName(), kind);
        }
        return Collections.unmodifiableMap(byKind);
    }
}
