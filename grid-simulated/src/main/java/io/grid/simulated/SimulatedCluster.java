package io.grid.simulated;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.grid.core.log.LogEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * SIMULATED Kubernetes cluster, for tests and for the sample server's embedded default, never a
 * default of production code: fabric8's {@link KubernetesMockServer} in CRUD mode on 127.0.0.1, plus
 * a {@link SimulatedKubelet} that makes workloads ready, cascades namespace deletion and serves each
 * Service from a real local HTTP backend. It has Node objects ({@link #DEFAULT_NODE}, and those of
 * {@link #addNode}); the kubelet binds each pod to a node that holds it or leaves it Pending.
 *
 * <p>Expectations set on {@link #apiServer()} are answered first (once each, or as often as told),
 * everything else by the CRUD store: that is how tests inject API faults.
 */
public final class SimulatedCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

    /** What the simulated API server answers on {@code /version}. */
    /** The node every simulated cluster starts with: 64 CPUs, 256 GiB memory, 1 TiB ephemeral storage, no GPU. */
    public static final String DEFAULT_NODE = "simulated-node-0";

    private static final String SIMULATED_VERSION = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0-grid-simulated\","
            + "\"platform\":\"simulated\"}";

    private final KubernetesMockServer apiServer;
    private final KubernetesClient client;
    private volatile SimulatedKubelet kubelet;
    private final List<KubernetesClient> clients = new ArrayList<>();

    private SimulatedCluster() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        apiServer = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
                new PodLogDispatcher(expectations, this::kubeletOrNull), false);
        apiServer.init(InetAddress.getLoopbackAddress(), 0);
        // The CRUD mock has no /version; a real API server answers it to every client, and health checks ask it.
        apiServer.expect().get().withPath("/version").andReturn(200, SIMULATED_VERSION).always();
        client = newClient(builder -> { });
        addNode(DEFAULT_NODE, "64", "256Gi", "1Ti", 0, null);
        kubelet = new SimulatedKubelet(newClient(builder -> { }));
        kubelet.start();
        LogEvent.warn(LOG, "simulated_cluster_started").with("apiServer", apiServer.url("/"))
                .with("note", "SIMULATED Kubernetes cluster: fabric8 CRUD mock, no admission, no real pods; each Service "
                        + "is served by a local HTTP backend. Not for production.").log();
    }

    private SimulatedKubelet kubeletOrNull() {
        return kubelet;
    }

    /**
     * The CRUD mock has no pod log API; this answers {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}
     * from the simulated kubelet, and everything else as before (expectations first, then the CRUD store).
     */
    private static final class PodLogDispatcher extends KubernetesMixedDispatcher {

        private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
        private final Supplier<SimulatedKubelet> kubelet;

        PodLogDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, Supplier<SimulatedKubelet> kubelet) {
            super(expectations);
            this.kubelet = kubelet;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int q = path.indexOf('?');
            Matcher log = LOG_PATH.matcher(q < 0 ? path : path.substring(0, q));
            if (request.method() == HttpMethod.GET && log.matches() && kubelet.get() != null) {
                // The CRUD store would answer the whole namespace as a list: logs never reach it.
                return kubelet.get().logOf(log.group(1), log.group(2), query(q < 0 ? "" : path.substring(q + 1)));
            }
            return super.dispatch(request);
        }

        private static Map<String, String> query(String query) {
            Map<String, String> parameters = new HashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return parameters;
        }
    }

    /**
     * Adds (or replaces) a Node object with this {@code status.allocatable} ({@code cpu}, {@code memory},
     * {@code ephemeral-storage}, {@code nvidia.com/gpu} when {@code gpus > 0}) and, for GPUs, the labels NVIDIA GPU
     * feature discovery sets ({@code nvidia.com/gpu.product}, {@code nvidia.com/gpu.count}). The simulated scheduler
     * binds pods to it from then on.
     */
    public SimulatedCluster addNode(String name, String cpu, String memory, String ephemeralStorage, int gpus,
                                    String gpuProduct) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", name);
        Map<String, Quantity> allocatable = new java.util.LinkedHashMap<>();
        allocatable.put("cpu", new Quantity(cpu));
        allocatable.put("memory", new Quantity(memory));
        allocatable.put("ephemeral-storage", new Quantity(ephemeralStorage));
        allocatable.put("pods", new Quantity("110"));
        if (gpus > 0) {
            allocatable.put("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
            labels.put("nvidia.com/gpu.present", "true");
            labels.put("nvidia.com/gpu.count", Integer.toString(gpus));
            if (gpuProduct != null) {
                labels.put("nvidia.com/gpu.product", gpuProduct);
            }
        }
        client.resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).endStatus().build())
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        LogEvent.info(LOG, "simulated_node_added").with("node", name).with("allocatable", allocatable)
                .with("gpuProduct", gpuProduct).log();
        return this;
    }

    /** Removes a Node object; pods bound to it stay as they are (the simulation has no eviction). */
    public void removeNode(String name) {
        client.nodes().withName(name).delete();
    }

    /** Starts a simulated cluster on a free loopback port. */
    public static SimulatedCluster start() {
        return new SimulatedCluster();
    }

    /** A client of the simulated API server, closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** Another client, configured by {@code customizer} (e.g. a short request timeout), closed with the cluster. */
    public synchronized KubernetesClient newClient(Consumer<KubernetesClientBuilder> customizer) {
        KubernetesClient created = apiServer.createClient(customizer);
        clients.add(created);
        return created;
    }

    /** The simulated kubelet. */
    public SimulatedKubelet kubelet() {
        return kubelet;
    }

    /** The mock API server, for expectations (injected faults) and recorded requests. */
    public KubernetesMockServer apiServer() {
        return apiServer;
    }

    @Override
    public synchronized void close() {
        kubelet.close();
        clients.forEach(KubernetesClient::close);
        apiServer.destroy();
        LogEvent.warn(LOG, "simulated_cluster_stopped").log();
    }
}
