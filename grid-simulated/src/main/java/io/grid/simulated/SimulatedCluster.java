package io.grid.simulated;

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
 * Service from a real local HTTP backend.
 *
 * <p>Expectations set on {@link #apiServer()} are answered first (once each, or as often as told),
 * everything else by the CRUD store: that is how tests inject API faults.
 */
public final class SimulatedCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

    /** What the simulated API server answers on {@code /version}. */
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
