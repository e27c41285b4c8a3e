package io.grid.simulated;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
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
            Pod.class, NetworkPolicy.class, LimitRange.class, ResourceQuota.class, io.fabric8.kubernetes.api.model.Event.class);

    private final KubernetesClient client;
    private final Map<String, SimulatedBackend> backends = new ConcurrentHashMap<>();
    private final Set<String> withheldNamespaces = ConcurrentHashMap.newKeySet();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    // Informer callbacks must not block; the simulated controllers do their writes here, in order.
    private final ExecutorService work = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "simulated-kubelet");
        thread.setDaemon(true);
        return thread;
    });

    SimulatedKubelet(KubernetesClient client) {
        this.client = client;
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
                SimulatedBackend backend = SimulatedBackend.start(orderOf(service), namespace, name);
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

    private void reconcile(HasMetadata workload) {
        String namespace = workload.getMetadata().getNamespace();
        if (withheldNamespaces.contains(namespace)) {
            return;
        }
        try {
            if (workload instanceof Deployment d) {
                int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                if (d.getStatus() != null && reconciled(d.getMetadata(), d.getStatus().getObservedGeneration(),
                        d.getStatus().getReadyReplicas(), d.getStatus().getReplicas(), replicas)) {
                    return;
                }
                runPods(d, d.getSpec().getTemplate(), replicas);
                client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                            .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
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
                runPods(s, s.getSpec().getTemplate(), replicas);
                client.apps().statefulSets().inNamespace(namespace).withName(s.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                            .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                            .withCurrentReplicas(replicas).withUpdatedReplicas(replicas)
                            .withObservedGeneration(current.getMetadata().getGeneration())
                            .build());
                    return current;
                });
            } else {
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

    private void runPods(HasMetadata workload, PodTemplateSpec template, int replicas) {
        String namespace = workload.getMetadata().getNamespace();
        String prefix = workload.getMetadata().getName() + "-sim-";
        for (int i = 0; i < replicas; i++) {
            Pod pod = new PodBuilder()
                    .withNewMetadata().withName(prefix + i).withNamespace(namespace)
                    .withLabels(template.getMetadata() == null ? Map.of() : template.getMetadata().getLabels())
                    .addNewOwnerReference().withApiVersion(workload.getApiVersion()).withKind(workload.getKind())
                    .withName(workload.getMetadata().getName()).withUid(workload.getMetadata().getUid()).endOwnerReference()
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .withNewStatus().withPhase("Running").endStatus()
                    .build();
            client.resource(pod).createOr(NonDeletingOperation::update);
        }
        for (Pod pod : podsOf(workload)) {
            String name = pod.getMetadata().getName();
            if (name.startsWith(prefix) && Integer.parseInt(name.substring(prefix.length())) >= replicas) {
                client.resource(pod).delete();
            }
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
            podsOf(workload).forEach(p -> client.resource(p).delete());
        } catch (KubernetesClientException e) {
            LogEvent.debug(LOG, "simulated_pods_gone").with("workload", workload.getMetadata().getName())
                    .with("error", e.getMessage()).log();
        }
    }

    private void recordEvent(HasMetadata about, String reason, String message) {
        String now = Instant.now().toString();
        client.resource(new EventBuilder()
                .withNewMetadata().withGenerateName(about.getMetadata().getName() + "-")
                .withNamespace(about.getMetadata().getNamespace()).endMetadata()
                .withNewInvolvedObject().withKind(about.getKind()).withName(about.getMetadata().getName())
                .withNamespace(about.getMetadata().getNamespace()).endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Normal")
                .withFirstTimestamp(now).withLastTimestamp(now)
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
        withheldNamespaces.remove(namespace);
        LogEvent.info(LOG, "simulated_namespace_deleted").with("namespace", namespace).log();
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
