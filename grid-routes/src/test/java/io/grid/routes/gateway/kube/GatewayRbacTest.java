package io.grid.routes.gateway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.simulated.SimulatedCluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.grid.routes.gateway.logs.GatewayLogRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped manifests ({@code deploy/kubernetes}): each parses strictly into the Kubernetes model (no field the
 * model does not know), and the gateway's ClusterRole allows exactly the API calls the deployer makes in a whole
 * deploy / redeploy / status / teardown cycle against the API server, recorded request by request.
 */
class GatewayRbacTest {

    private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
    private static final String AGENT = "grid-gateway-under-rbac-test";

    private static SimulatedCluster cluster;
    private static CamelContext camel;
    private static int watchedEvents;
    private static final Set<String> calls = new TreeSet<>();
    private static final Set<String> namespaces = new TreeSet<>();

    @BeforeAll
    static void runOneOrderCycle() throws Exception {
        cluster = SimulatedCluster.start();
        KubernetesClient gateway = cluster.newClient(builder -> builder.editOrNewConfig().withUserAgent(AGENT)
                .endConfig());
        WorkloadDeployer deployer = new WorkloadDeployer(gateway, cluster.kubelet()::entranceOf, Duration.ofSeconds(30));
        // The gateway's cluster watch (route grid-gateway-cluster-event-watch): camel-kubernetes' events consumer
        // on the gateway's own client, watching the events the cycle below makes.
        List<Object> watched = new java.util.concurrent.CopyOnWriteArrayList<>();
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(GatewayLogRoutes.KUBERNETES_CLIENT_BEAN, gateway);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(GatewayLogRoutes.WATCH_URI).process(e -> watched.add(e.getIn().getBody()));
            }
        });
        camel.start();
        BigInteger order = BigInteger.valueOf(4242);
        List<HasMetadata> everyKind = new ArrayList<>(AppObjects.webApp());
        everyKind.add(new SecretBuilder().withNewMetadata().withName("web-secret").endMetadata()
                .addToStringData("token", "x").build());
        everyKind.add(new PersistentVolumeClaimBuilder().withNewMetadata().withName("web-data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build());
        everyKind.add(new StatefulSetBuilder()
                .withNewMetadata().withName("db").addToLabels("app", "db").endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("web")
                .withNewSelector().addToMatchLabels("app", "db").endSelector()
                .withTemplate(AppObjects.web(1).getSpec().getTemplate())
                .editTemplate().editMetadata().withLabels(Map.of("app", "db")).endMetadata().endTemplate()
                .endSpec().build());

        deployer.deploy(order, AppObjects.ORDERED, everyKind);
        // What AppLogs asks the API server for a container's log (GET /gateway/orders/{id}/app/logs).
        String namespace = io.grid.core.workload.OrderNamespace.nameOf(order);
        gateway.pods().inNamespace(namespace).list().getItems().stream().findFirst().map(pod -> gateway.pods()
                .inNamespace(namespace).withName(pod.getMetadata().getName())
                .inContainer(pod.getSpec().getContainers().get(0).getName()).tailingLines(10).getLog())
                .orElseThrow(() -> new AssertionError("the app has no pod to read a log of"));
        deployer.deploy(order, AppObjects.ORDERED, everyKind);
        // Redeploys prune: first the secret, claim and stateful set, then the deployment, service and config map.
        deployer.redeploy(order, AppObjects.ORDERED, AppObjects.webApp());
        deployer.redeploy(order, AppObjects.ORDERED, List.of(everyKind.get(everyKind.size() - 3)));
        deployer.status(order);
        // What greet type 0 reads for the live free capacity (nodes, and the pods of every namespace).
        new LiveInventory(gateway).read();
        // A GPU order's deploy reads the nodes' spelling of its model.
        deployer.deploy(BigInteger.valueOf(4242), new io.grid.api.Resources(1000, 1024, 1, 1, "NVIDIA-A100-SXM4-40GB"),
                AppObjects.webApp());
        deployer.undeploy(order);
        deployer.undeploy(order);
        io.grid.routes.gateway.Eventually.await("the cluster watch to see an event", Duration.ofSeconds(20),
                () -> !watched.isEmpty());
        watchedEvents = watched.size();
        camel.close();

        RecordedRequest request;
        while ((request = cluster.apiServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if (AGENT.equals(request.getHeaders().get("User-Agent"))) {
                ApiCall call = ApiCall.of(request.getMethod(), request.getPath());
                calls.add(call.permission());
                if (call.namespace() != null) {
                    namespaces.add(call.namespace());
                }
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void everyCallTheGatewayMakesIsAllowedByItsClusterRoleAndTheRoleAllowsNothingElse() throws IOException {
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : gatewayRole().getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource);
                    }
                }
            }
        }

        assertThat(calls).isNotEmpty();
        assertThat(granted).containsExactlyInAnyOrderElementsOf(calls);
    }

    @Test
    void theClusterWatchSawTheCyclesEventsThroughTheGatewaysClient() {
        assertThat(calls).contains("watch events.k8s.io/events");
        assertThat(watchedEvents).isPositive();
    }

    @Test
    void theRoleHasNoWildcardAndIsBoundOnlyToTheGatewaysAccount() throws IOException {
        ClusterRole role = gatewayRole();
        ClusterRoleBinding binding = (ClusterRoleBinding) manifests("gateway/rbac.yaml").stream()
                .filter(o -> o instanceof ClusterRoleBinding).findFirst().orElseThrow();

        assertThat(role.getAggregationRule()).isNull();
        for (PolicyRule rule : role.getRules()) {
            assertThat(Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs()).flatMap(List::stream))
                    .noneMatch(value -> value.contains("*"));
            assertThat(rule.getNonResourceURLs()).isEmpty();
        }
        assertThat(binding.getRoleRef().getName()).isEqualTo("grid-gateway").isNotEqualTo("cluster-admin");
        assertThat(binding.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getKind() + " " + s.getNamespace() + "/" + s.getName())
                        .isEqualTo("ServiceAccount grid-system/grid-gateway"));
    }

    @Test
    void theGatewayTouchesNamespacedObjectsOnlyInTheOrdersOwnNamespace() {
        assertThat(namespaces).containsExactly("grid-order-4242");
    }

    @Test
    void everyShippedManifestParsesStrictlyIntoTheKubernetesModel() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(MANIFESTS)) {
            files = all.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> kinds = new ArrayList<>();
        for (Path file : files) {
            for (HasMetadata object : manifests(MANIFESTS.relativize(file).toString())) {
                assertThat(unknownFields(object, object.getKind())).as(file.toString()).isEmpty();
                kinds.add(object.getKind() + "/" + object.getMetadata().getName());
            }
        }

        assertThat(kinds).contains("Deployment/grid-gateway", "Service/grid-gateway", "ServiceAccount/grid-gateway",
                "ClusterRole/grid-gateway", "ClusterRoleBinding/grid-gateway", "Deployment/grid-platform");
    }

    @Test
    void aFieldTheModelDoesNotKnowIsFound() {
        HasMetadata misspelt = Serialization.unmarshal("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n"
                + "spec:\n  replica: 2\n");

        assertThat(unknownFields(misspelt, "Deployment")).containsExactly("Deployment.Spec.replica");
    }

    private static ClusterRole gatewayRole() throws IOException {
        return (ClusterRole) manifests("gateway/rbac.yaml").stream().filter(o -> o instanceof ClusterRole)
                .findFirst().orElseThrow();
    }

    private static List<HasMetadata> manifests(String file) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : Files.readString(MANIFESTS.resolve(file)).split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                objects.add(Serialization.unmarshal(document));
            }
        }
        return objects;
    }

    /** Paths of fields the model did not know: Kubernetes would refuse them (or, worse, ignore them). */
    private static List<String> unknownFields(Object value, String path) {
        List<String> unknown = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]"));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
        } else if (value instanceof KubernetesResource) {
            for (Method getter : value.getClass().getMethods()) {
                if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                        || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object field;
                try {
                    field = getter.invoke(value);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) field).keySet().forEach(k -> unknown.add(path + "." + k));
                } else if (field != null) {
                    unknown.addAll(unknownFields(field, path + "." + getter.getName().substring(3)));
                }
            }
        }
        return unknown;
    }

    /** One API request as RBAC sees it: verb, API group and resource, and the namespace it names. */
    record ApiCall(String verb, String group, String resource, String namespace) {

        String permission() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
        }

        static ApiCall of(String method, String rawPath) {
            int query = rawPath.indexOf('?');
            String path = query < 0 ? rawPath : rawPath.substring(0, query);
            boolean watch = query >= 0 && rawPath.substring(query).contains("watch=true");
            List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/")));
            String group;
            if (parts.get(0).equals("api")) {
                group = "";
                parts = parts.subList(2, parts.size());
            } else {
                group = parts.get(1);
                parts = parts.subList(3, parts.size());
            }
            String namespace = null;
            if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
                namespace = parts.get(1);
                parts = parts.subList(2, parts.size());
            } else if (parts.size() == 2 && parts.get(0).equals("namespaces")) {
                // The namespace object itself: cluster-scoped.
                return new ApiCall(verb(method, true, watch), group, "namespaces", null);
            }
            String resource = parts.get(0) + (parts.size() > 2 ? "/" + parts.get(2) : "");
            return new ApiCall(verb(method, parts.size() > 1, watch), group, resource, namespace);
        }

        private static String verb(String method, boolean named, boolean watch) {
            return switch (method) {
                case "GET" -> watch ? "watch" : named ? "get" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> throw new IllegalArgumentException(method);
            };
        }
    }
}
