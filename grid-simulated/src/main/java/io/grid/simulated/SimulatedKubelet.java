package io.grid.simulated;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.grid.core.workload.OrderNamespace;
import io.grid.core.log.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * SIMULATED: plays the controller and kubelet parts that fabric8's CRUD mock API server lacks.
 * <ul>
 *   <li>Deployments and StatefulSets: creates their pods as {@code Running} and marks them ready
 *       ({@code readyReplicas = availableReplicas = replicas}, generation observed);</li>
 *   <li>Services: serves each from a real {@link SimulatedBackend} on 127.0.0.1, stopped when the
 *       Service or its namespace goes; {@link #entranceOf} answers with that backend (the gateway's
 *       {@code EntranceResolver} in tests and the sample server);</li>
 *   <li>Namespaces: deleting one deletes what was inside, as a real API server does.</li>
 * </ul>
 * Quotas, limit ranges and pod security are not enforced: there is no admission here.
 */
public final class SimulatedKubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelet.class);
    private static final List<Class<? extends HasMetadata>> NAMESPACED_KINDS = List.of(
            Deployment.class, StatefulSet.class, Service.class, ConfigMap.class, Secret.class, PersistentVolumeClaim.class,
            Pod.class, NetworkPolicy.class, LimitRange.class, ResourceQuota.class,
            io.fabric8.kubernetes.api.model.events.v1.Event.class);

    private final KubernetesClient client;
    private final SimulatedScheduler scheduler;
    private final Map<String, SimulatedBackend> backends = new ConcurrentHashMap<>();
    private final Set<String> withheldNamespaces = ConcurrentHashMap.newKeySet();
    private final Map<String, SimulatedFailure> failing = new ConcurrentHashMap<>();
    private final Set<String> failuresReported = ConcurrentHashMap.newKeySet();
    private final Map<String, SimulatedPodLogs> podLogs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> selectors = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    // Informer callbacks must not block; the simulated controllers do their writes here, in order.
    private final ExecutorService work = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "simulated-kubelet");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedKubelet(KubernetesClient client) {
        this.client = client;
        this.scheduler = new SimulatedScheduler(client);
    }

    /** True when every pod of the workload runs (none left Pending by the scheduler). */
    private boolean readyNow(HasMetadata workload) {
        return podsOf(workload).stream().noneMatch(p -> p.getStatus() != null && "Pending".equals(p.getStatus().getPhase()));
    }

    void start() {
        informers.add(client.apps().deployments().inAnyNamespace().inform(onChange(this::reconcile)));
        informers.add(client.apps().statefulSets().inAnyNamespace().inform(onChange(this::reconcile)));
        informers.add(client.services().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                work.execute(() -> backendOf(service));
            }

            @Override
            public void onUpdate(Service before, Service after) {
                // the backend does not depend on the Service's spec
            }

            @Override
            public void onDelete(Service service, boolean finalStateUnknown) {
                stopBackend(key(service.getMetadata().getNamespace(), service.getMetadata().getName()));
            }
        }));
        informers.add(client.namespaces().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                // nothing to play: namespaces are ready at once
            }

            @Override
            public void onUpdate(Namespace before, Namespace after) {
                // labels may change; nothing to play
            }

            @Override
            public void onDelete(Namespace namespace, boolean finalStateUnknown) {
                work.execute(() -> cascade(namespace.getMetadata().getName()));
            }
        }));
    }

    /**
     * Stops marking workloads of {@code namespace} ready, as a cluster that cannot schedule them
     * would (for testing readiness deadlines).
     */
    public void withholdReadinessIn(String namespace) {
        withheldNamespaces.add(namespace);
    }

    /**
     * Makes the workloads of {@code namespace} fail as {@code failure} describes, from their next
     * reconciliation on (deploy them after calling this).
     */
    public void failIn(String namespace, SimulatedFailure failure) {
        failing.put(namespace, failure);
    }

    /** The backends now serving, one per Service. */
    public List<SimulatedBackend> backends() {
        return List.copyOf(backends.values());
    }

    /** The base URI ({@code http://127.0.0.1:port}) of the backend serving {@code service}. */
    public URI entranceOf(Service service) {
        return backendOf(service).uri();
    }

    private SimulatedBackend backendOf(Service service) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        return backends.computeIfAbsent(key(namespace, name), k -> {
            try {
                selectors.put(k, service.getSpec() == null || service.getSpec().getSelector() == null ? Map.of()
                        : Map.copyOf(service.getSpec().getSelector()));
                SimulatedBackend backend = SimulatedBackend.start(orderOf(service), namespace, name,
                        line -> accessLogged(namespace, selectors.getOrDefault(k, Map.of()), line));
                LogEvent.info(LOG, "simulated_backend_started").with("service", namespace + "/" + name)
                        .with("uri", backend.uri()).log();
                return backend;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulated backend of " + k, e);
            }
        });
    }

    private static String orderOf(Service service) {
        Map<String, String> labels = service.getMetadata().getLabels();
        String label = labels == null ? null : labels.get(OrderNamespace.ORDER_LABEL);
        if (label != null) {
            return label;
        }
        String namespace = service.getMetadata().getNamespace();
        return namespace.startsWith(OrderNamespace.NAME_PREFIX) ? namespace.substring(OrderNamespace.NAME_PREFIX.length()) : "";
    }

    private void stopBackend(String key) {
        SimulatedBackend backend = backends.remove(key);
        if (backend != null) {
            backend.close();
            LogEvent.info(LOG, "simulated_backend_stopped").with("service", key).log();
        }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> onChange(Consumer<T> reconcile) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                work.execute(() -> reconcile.accept(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                work.execute(() -> reconcile.accept(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                work.execute(() -> deletePodsOf(object));
            }
        };
    }

    /** True when this kubelet already wrote a status for the workload's current generation and replica count. */
    private static boolean reconciled(ObjectMeta metadata, Long observedGeneration, Integer readyReplicas,
                                      Integer statusReplicas, int replicas) {
        boolean caughtUp = metadata.getGeneration() == null
                || (observedGeneration != null && observedGeneration >= metadata.getGeneration());
        return caughtUp && readyReplicas != null && readyReplicas >= replicas
                && statusReplicas != null && statusReplicas == replicas;
    }

    /** True when the workload's status already reports {@code ready} of {@code replicas} for its generation. */
    private static boolean reported(ObjectMeta metadata, Long observedGeneration, Integer readyReplicas,
                                    Integer statusReplicas, int replicas, int ready) {
        boolean caughtUp = metadata.getGeneration() == null
                || (observedGeneration != null && observedGeneration >= metadata.getGeneration());
        return caughtUp && readyReplicas != null && readyReplicas == ready && statusReplicas != null
                && statusReplicas == replicas;
    }

    private void reconcile(HasMetadata workload) {
        String namespace = workload.getMetadata().getNamespace();
        if (withheldNamespaces.contains(namespace)) {
            return;
        }
        SimulatedFailure failure = failing.get(namespace);
        if (failure != null) {
            try {
                fail(workload, failure);
            } catch (KubernetesClientException e) {
                LogEvent.debug(LOG, "simulated_failure_raced").with("kind", workload.getKind())
                        .with("workload", namespace + "/" + workload.getMetadata().getName())
                        .with("detail", e.getMessage()).log();
            }
            return;
        }
        try {
            if (workload instanceof Deployment d) {
                int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                if (d.getStatus() != null && reconciled(d.getMetadata(), d.getStatus().getObservedGeneration(),
                        d.getStatus().getReadyReplicas(), d.getStatus().getReplicas(), replicas)) {
                    return;
                }
                int ready = runPods(d, d.getSpec().getTemplate(), replicas);
                if (ready < replicas && d.getStatus() != null && reported(d.getMetadata(), d.getStatus().getObservedGeneration(),
                        d.getStatus().getReadyReplicas(), d.getStatus().getReplicas(), replicas, ready)) {
                    return; // a pod still fits nowhere: the status says so already (no update loop)
                }
                client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                            .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready)
                            .withUnavailableReplicas(replicas - ready > 0 ? replicas - ready : null)
                            .withUpdatedReplicas(replicas).withObservedGeneration(current.getMetadata().getGeneration())
                            .build());
                    return current;
                });
            } else if (workload instanceof StatefulSet s) {
                int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
                if (s.getStatus() != null && reconciled(s.getMetadata(), s.getStatus().getObservedGeneration(),
                        s.getStatus().getReadyReplicas(), s.getStatus().getReplicas(), replicas)) {
                    return;
                }
                int ready = runPods(s, s.getSpec().getTemplate(), replicas);
                if (ready < replicas && s.getStatus() != null && reported(s.getMetadata(), s.getStatus().getObservedGeneration(),
                        s.getStatus().getReadyReplicas(), s.getStatus().getReplicas(), replicas, ready)) {
                    return;
                }
                client.apps().statefulSets().inNamespace(namespace).withName(s.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                            .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready)
                            .withCurrentReplicas(replicas).withUpdatedReplicas(replicas)
                            .withObservedGeneration(current.getMetadata().getGeneration())
                            .build());
                    return current;
                });
            } else {
                return;
            }
            if (!readyNow(workload)) {
                return;
            }
            recordEvent(workload, "SimulatedReady", "SIMULATED kubelet marked " + workload.getKind() + " ready");
        } catch (KubernetesClientException e) {
            // Gone or changed meanwhile: the informer delivers the newer state, which is reconciled then.
            LogEvent.debug(LOG, "simulated_readiness_conflict").with("kind", workload.getKind())
                    .with("workload", namespace + "/" + workload.getMetadata().getName()).with("error", e.getMessage())
                    .log();
        }
    }

    /** Creates the workload's pods, each bound to a node that holds it; answers how many run (the others stay Pending). */
    private int runPods(HasMetadata workload, PodTemplateSpec template, int replicas) {
        String namespace = workload.getMetadata().getNamespace();
        String prefix = workload.getMetadata().getName() + "-sim-";
        boolean scheduling = scheduler.hasNodes();
        int running = 0;
        for (int i = 0; i < replicas; i++) {
            String podName = prefix + i;
            String node = null;
            if (scheduling) {
                Pod existing = client.pods().inNamespace(namespace).withName(podName).get();
                node = existing == null || existing.getSpec() == null ? null : existing.getSpec().getNodeName();
                if (node == null) {
                    SimulatedScheduler.Placement placement = scheduler.place(template.getSpec(), namespace, podName);
                    if (placement.node() == null) {
                        pending(workload, template, podName, placement.refusal());
                        continue;
                    }
                    node = placement.node();
                }
            }
            io.fabric8.kubernetes.api.model.PodSpec spec = template.getSpec() == null ? null
                    : new io.fabric8.kubernetes.api.model.PodSpecBuilder(template.getSpec()).withNodeName(node).build();
            Pod pod = new PodBuilder()
                    .withNewMetadata().withName(podName).withNamespace(namespace)
                    .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                    .addNewOwnerReference().withApiVersion(workload.getApiVersion()).withKind(workload.getKind())
                    .withName(workload.getMetadata().getName()).withUid(workload.getMetadata().getUid()).endOwnerReference()
                    .endMetadata()
                    .withSpec(spec)
                    .withNewStatus().withPhase("Running").withContainerStatuses(containers(template).stream()
                            .map(c -> new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                                    .withReady(true).withRestartCount(0).withNewState().withNewRunning()
                                    .withStartedAt(Instant.now().toString()).endRunning().endState().build())
                            .toList()).endStatus()
                    .build();
            client.resource(pod).createOr(NonDeletingOperation::update);
            running++;
            SimulatedPodLogs logs = podLogs.computeIfAbsent(key(namespace, podName),
                    k -> new SimulatedPodLogs(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels()));
            for (Container container : containers(template)) {
                logs.startedIfNew(container.getName(), "SIMULATED container " + container.getName() + " started from image "
                        + container.getImage());
            }
        }
        for (Pod pod : podsOf(workload)) {
            String name = pod.getMetadata().getName();
            if (name.startsWith(prefix) && Integer.parseInt(name.substring(prefix.length())) >= replicas) {
                client.resource(pod).delete();
                podLogs.remove(key(namespace, name));
            }
        }
        return running;
    }

    /** A pod no node holds: Pending, not scheduled, with one FailedScheduling event, as kube-scheduler leaves it. */
    private void pending(HasMetadata workload, PodTemplateSpec template, String podName, String refusal) {
        String namespace = workload.getMetadata().getNamespace();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace)
                .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion(workload.getApiVersion()).withKind(workload.getKind())
                .withName(workload.getMetadata().getName()).withUid(workload.getMetadata().getUid()).endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(refusal).withLastTransitionTime(Instant.now().toString())
                .endCondition().endStatus()
                .build();
        client.resource(pod).createOr(NonDeletingOperation::update);
        SimulatedPodLogs logs = podLogs.computeIfAbsent(key(namespace, podName),
                k -> new SimulatedPodLogs(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels()));
        List<Container> containers = containers(template);
        logs.waiting(containers.isEmpty() ? "app" : containers.get(0).getName(), "pod \"" + podName + "\" is not scheduled");
        if (failuresReported.add(key(namespace, "Pod/" + podName + "@unschedulable"))) {
            recordEvent(namespace, "Pod", podName, "Warning", "FailedScheduling", refusal);
            LogEvent.info(LOG, "simulated_pod_unschedulable").with("pod", namespace + "/" + podName)
                    .with("reason", refusal).log();
        }
    }

    private List<Pod> podsOf(HasMetadata workload) {
        return client.pods().inNamespace(workload.getMetadata().getNamespace()).list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> workload.getKind().equals(o.getKind()) && workload.getMetadata().getName().equals(o.getName())))
                .toList();
    }

    private void deletePodsOf(HasMetadata workload) {
        try {
            podsOf(workload).forEach(p -> {
                client.resource(p).delete();
                podLogs.remove(key(p.getMetadata().getNamespace(), p.getMetadata().getName()));
            });
        } catch (KubernetesClientException e) {
            LogEvent.debug(LOG, "simulated_pods_gone").with("workload", workload.getMetadata().getName())
                    .with("error", e.getMessage()).log();
        }
    }

    private void recordEvent(HasMetadata about, String reason, String message) {
        recordEvent(about.getMetadata().getNamespace(), about.getKind(), about.getMetadata().getName(), "Normal", reason,
                message);
    }

    /** Writes an event as the cluster's controllers do, through the events.k8s.io/v1 API. */
    private void recordEvent(String namespace, String kind, String name, String type, String reason, String message) {
        client.resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withGenerateName(name + "-").withNamespace(namespace).endMetadata()
                .withNewRegarding().withKind(kind).withName(name).withNamespace(namespace).endRegarding()
                .withReason(reason).withNote(message).withType(type)
                .withReportingController("simulated-kubelet").withReportingInstance("simulated-kubelet")
                .withAction(reason)
                .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime(Instant.now().toString()))
                .build()).create();
    }

    /** What a real API server does when a namespace is deleted, and the mock does not. */
    private void cascade(String namespace) {
        for (Class<? extends HasMetadata> kind : NAMESPACED_KINDS) {
            try {
                client.resources(kind).inNamespace(namespace).delete();
            } catch (KubernetesClientException e) {
                LogEvent.warn(LOG, "simulated_cascade_failed").with("kind", kind.getSimpleName())
                        .with("namespace", namespace).with("error", e.getMessage()).log();
            }
        }
        backends.keySet().stream().filter(k -> k.startsWith(namespace + "/")).toList().forEach(this::stopBackend);
        podLogs.keySet().removeIf(k -> k.startsWith(namespace + "/"));
        failuresReported.removeIf(k -> k.startsWith(namespace + "/"));
        withheldNamespaces.remove(namespace);
        failing.remove(namespace);
        LogEvent.info(LOG, "simulated_namespace_deleted").with("namespace", namespace).log();
    }

    private static List<Container> containers(PodTemplateSpec template) {
        return template.getSpec() == null || template.getSpec().getContainers() == null ? List.of()
                : template.getSpec().getContainers();
    }

    /** A backend answered a request: its line goes to the log of the first container of each pod its Service selects. */
    private void accessLogged(String namespace, Map<String, String> selector, String line) {
        podLogs.forEach((podKey, logs) -> {
            if (podKey.startsWith(namespace + "/") && logs.selectedBy(selector)) {
                logs.appendToFirst(line);
            }
        });
    }

    /** Plays {@code failure} for the workload: pods, workload status and events as a real cluster reports them. */
    private void fail(HasMetadata workload, SimulatedFailure failure) {
        String namespace = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        PodTemplateSpec template = workload instanceof Deployment d ? d.getSpec().getTemplate()
                : ((StatefulSet) workload).getSpec().getTemplate();
        Integer specReplicas = workload instanceof Deployment d ? d.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
        int replicas = specReplicas == null ? 1 : specReplicas;
        Long generation = workload.getMetadata().getGeneration();
        if (!failuresReported.add(key(namespace, workload.getKind() + "/" + name + "@" + generation))) {
            return;
        }
        List<Container> containers = containers(template);
        String first = containers.isEmpty() ? "app" : containers.get(0).getName();
        String image = containers.isEmpty() ? "" : containers.get(0).getImage();
        if (failure == SimulatedFailure.QUOTA_EXCEEDED) {
            recordEvent(namespace, workload.getKind(), name, "Warning", "FailedCreate", "Error creating: pods \"" + name
                    + "-sim-0\" is forbidden: exceeded quota: " + io.grid.core.workload.OrderNamespace.QUOTA_NAME
                    + ", requested: limits.cpu=" + replicas + ", used: limits.cpu=0, limited: limits.cpu=1");
        } else {
            for (int i = 0; i < replicas; i++) {
                String podName = name + "-sim-" + i;
                Pod pod = failingPod(workload, template, podName, failure);
                client.resource(pod).createOr(NonDeletingOperation::update);
                SimulatedPodLogs logs = podLogs.computeIfAbsent(key(namespace, podName),
                        k -> new SimulatedPodLogs(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels()));
                switch (failure) {
                    case IMAGE_PULL -> {
                        logs.waiting(first, "container \"" + first + "\" in pod \"" + podName
                                + "\" is waiting to start: trying and failing to pull image");
                        recordEvent(namespace, "Pod", podName, "Warning", "Failed", "Failed to pull image \"" + image
                                + "\": rpc error: code = NotFound desc = failed to pull and unpack image: not found (ErrImagePull)");
                        recordEvent(namespace, "Pod", podName, "Warning", "BackOff", "Back-off pulling image \"" + image + "\"");
                    }
                    case CRASH_LOOP -> {
                        logs.crashed(first, SimulatedFailure.CRASH_LOG);
                        recordEvent(namespace, "Pod", podName, "Warning", "BackOff", "Back-off restarting failed container "
                                + first + " in pod " + podName);
                    }
                    case OUT_OF_MEMORY -> {
                        logs.crashed(first, List.of("allocating buffers"));
                        recordEvent(namespace, "Pod", podName, "Warning", "BackOff", "Back-off restarting failed container "
                                + first + " in pod " + podName + " (last state: OOMKilled)");
                    }
                    case UNSCHEDULABLE -> {
                        logs.waiting(first, "pod \"" + podName + "\" is not scheduled");
                        recordEvent(namespace, "Pod", podName, "Warning", "FailedScheduling",
                                "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                                        + "1 No preemption victims found for incoming pod.");
                    }
                    case READINESS_PROBE -> {
                        logs.startedIfNew(first, "SIMULATED container " + first + " started from image " + image);
                        recordEvent(namespace, "Pod", podName, "Warning", "Unhealthy",
                                "Readiness probe failed: HTTP probe failed with statuscode: 503");
                    }
                    default -> throw new IllegalStateException("unexpected " + failure);
                }
            }
        }
        int created = failure == SimulatedFailure.QUOTA_EXCEEDED ? 0 : replicas;
        if (workload instanceof Deployment) {
            client.apps().deployments().inNamespace(namespace).withName(name).editStatus(current -> {
                current.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                        .withReplicas(created).withReadyReplicas(0).withAvailableReplicas(0).withUnavailableReplicas(replicas)
                        .withUpdatedReplicas(created).withObservedGeneration(current.getMetadata().getGeneration())
                        .build());
                return current;
            });
        } else {
            client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(current -> {
                current.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                        .withReplicas(created).withReadyReplicas(0).withCurrentReplicas(created).withUpdatedReplicas(created)
                        .withObservedGeneration(current.getMetadata().getGeneration())
                        .build());
                return current;
            });
        }
        LogEvent.info(LOG, "simulated_workload_failing").with("kind", workload.getKind())
                .with("workload", namespace + "/" + name).with("failure", failure).log();
    }

    private static Pod failingPod(HasMetadata workload, PodTemplateSpec template, String podName, SimulatedFailure failure) {
        String now = Instant.now().toString();
        var status = new io.fabric8.kubernetes.api.model.PodStatusBuilder();
        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
        for (Container c : containers(template)) {
            ContainerStatusBuilder container = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(false).withRestartCount(0);
            switch (failure) {
                case IMAGE_PULL -> container.withNewState().withNewWaiting().withReason("ErrImagePull")
                        .withMessage("failed to pull and unpack image \"" + c.getImage() + "\": not found").endWaiting().endState();
                case CRASH_LOOP -> container.withRestartCount(5).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 2m40s restarting failed container").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(SimulatedFailure.CRASH_EXIT_CODE).withReason("Error")
                        .withFinishedAt(now).endTerminated().endLastState();
                case OUT_OF_MEMORY -> container.withRestartCount(3).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                        .withFinishedAt(now).endTerminated().endLastState();
                case READINESS_PROBE -> container.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
                default -> container.withNewState().withNewWaiting().withReason("Pending").endWaiting().endState();
            }
            statuses.add(container.build());
        }
        if (failure == SimulatedFailure.UNSCHEDULABLE) {
            status.withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                    .withMessage("0/1 nodes are available: 1 Insufficient cpu.").withLastTransitionTime(now).endCondition();
        } else {
            status.withPhase(failure == SimulatedFailure.IMAGE_PULL ? "Pending" : "Running").withContainerStatuses(statuses);
        }
        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(workload.getMetadata().getNamespace())
                .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion(workload.getApiVersion()).withKind(workload.getKind())
                .withName(workload.getMetadata().getName()).withUid(workload.getMetadata().getUid()).endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .withStatus(status.build())
                .build();
    }

    /**
     * Answers the pod log API ({@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}) from the simulated
     * containers' logs: {@code container}, {@code tailLines}, {@code sinceTime}, {@code sinceSeconds},
     * {@code timestamps} and {@code previous} as the API documents them. {@code follow} answers what
     * there is and ends the stream (a real API server keeps it open; followers reconnect either way).
     */
    io.fabric8.mockwebserver.http.MockResponse logOf(String namespace, String pod, Map<String, String> query) {
        SimulatedPodLogs logs = podLogs.get(key(namespace, pod));
        if (logs == null) {
            return status(404, "NotFound", "pods \"" + pod + "\" not found");
        }
        String container = query.get("container");
        SimulatedPodLogs.Answer answer = logs.read(container, "true".equals(query.get("previous")),
                query.containsKey("tailLines") ? Integer.parseInt(query.get("tailLines")) : -1,
                query.containsKey("sinceTime") ? Instant.parse(query.get("sinceTime"))
                        : query.containsKey("sinceSeconds") ? Instant.now().minusSeconds(Long.parseLong(query.get("sinceSeconds")))
                        : null,
                "true".equals(query.get("timestamps")));
        if (answer.refusal() != null) {
            return status(400, "BadRequest", answer.refusal());
        }
        return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "text/plain").setBody(answer.text());
    }

    private static io.fabric8.mockwebserver.http.MockResponse status(int code, String reason, String message) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                + io.fabric8.kubernetes.client.utils.Serialization.asJson(message) + ",\"reason\":\"" + reason
                + "\",\"code\":" + code + "}";
        return new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(code)
                .setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        work.shutdownNow();
        backends.keySet().stream().toList().forEach(this::stopBackend);
    }
}
