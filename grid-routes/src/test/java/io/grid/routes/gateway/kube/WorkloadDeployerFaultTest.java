package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.grid.api.DeployResult;
import io.grid.core.workload.OrderNamespace;
import io.grid.simulated.SimulatedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.grid.routes.gateway.kube.AppObjects.ORDERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes faults of CHECKLISTS.md, injected as expectations on the simulated API server
 * (answered before its CRUD store), with the client's own retries off so that the deployer's are
 * the ones under test.
 */
class WorkloadDeployerFaultTest {

    private static final Backoff QUICK = new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(40));

    private static SimulatedCluster cluster;
    private static KubernetesClient k8s;
    private static WorkloadDeployer deployer;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start();
        // 5 s per request: long enough that a loaded machine never times out an undelayed answer (which would
        // add a retry to the counts below), shorter than the 7 s delay that makes a create time out.
        k8s = cluster.newClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).withRequestTimeout(5000).endConfig());
        deployer = new WorkloadDeployer(k8s, cluster.kubelet()::entranceOf, Duration.ofSeconds(20), WorkloadDeployer.DEFAULT_GATEWAY, QUICK);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void retriesAnApiServerErrorAndCreatesExactlyOneObject() throws InterruptedException {
        BigInteger order = BigInteger.valueOf(201);
        String configMaps = configMapsPath(order);
        cluster.apiServer().expect().post().withPath(configMaps).andReturn(500, status(500, "etcd leader changed")).once();

        DeployResult result = deployer.deploy(order, ORDERED, List.of(AppObjects.config("web-config")));

        assertThat(result.objects()).containsExactly("ConfigMap/web-config");
        assertThat(k8s.configMaps().inNamespace(result.namespace()).list().getItems()).hasSize(1);
        assertThat(postsTo(configMaps)).isEqualTo(2);
    }

    @Test
    void givesUpWithATypedFailureAfterBoundedRetries() throws InterruptedException {
        BigInteger order = BigInteger.valueOf(202);
        String configMaps = configMapsPath(order);
        cluster.apiServer().expect().post().withPath(configMaps).andReturn(503, status(503, "unavailable")).always();

        assertThatThrownBy(() -> deployer.deploy(order, ORDERED, List.of(AppObjects.config("web-config"))))
                .isInstanceOf(ClusterUnavailable.class);
        assertThat(postsTo(configMaps)).isEqualTo(QUICK.attempts());
    }

    @Test
    void takesOverItsOwnObjectWhenACreateTimedOutAfterTheServerMadeIt() throws InterruptedException {
        BigInteger order = BigInteger.valueOf(203);
        String configMaps = configMapsPath(order);
        createdBeforeTheTimeout(order, OrderNamespace.ownershipLabels(order));
        cluster.apiServer().expect().post().delay(7, TimeUnit.SECONDS).withPath(configMaps)
                .andReturn(201, AppObjects.config("web-config")).once();

        DeployResult result = deployer.deploy(order, ORDERED, List.of(AppObjects.config("web-config")));

        List<ConfigMap> maps = k8s.configMaps().inNamespace(result.namespace()).list().getItems();
        assertThat(maps).hasSize(1);
        assertThat(maps.get(0).getData()).containsOnlyKeys("index.html");
        assertThat(postsTo(configMaps)).isEqualTo(2);
    }

    @Test
    void refusesAnotherOrdersObjectFoundAfterATimedOutCreate() throws InterruptedException {
        BigInteger order = BigInteger.valueOf(204);
        createdBeforeTheTimeout(order, OrderNamespace.ownershipLabels(BigInteger.valueOf(999)));
        cluster.apiServer().expect().post().delay(7, TimeUnit.SECONDS).withPath(configMapsPath(order))
                .andReturn(201, AppObjects.config("web-config")).once();

        assertThatThrownBy(() -> deployer.deploy(order, ORDERED, List.of(AppObjects.config("web-config"))))
                .isInstanceOfSatisfying(ObjectOwnedElsewhere.class, e -> {
                    assertThat(e.object()).isEqualTo("ConfigMap/web-config");
                    assertThat(e.orderId()).isEqualTo(order);
                });
        ConfigMap untouched = k8s.configMaps().inNamespace(OrderNamespace.nameOf(order)).withName("web-config").get();
        assertThat(untouched.getMetadata().getLabels()).containsEntry(OrderNamespace.ORDER_LABEL, "999");
        assertThat(untouched.getData()).containsOnlyKeys("stale");
    }

    @Test
    void doesNotRetryAForbiddenAnswerAndRefusesTheDeploy() throws InterruptedException {
        BigInteger order = BigInteger.valueOf(205);
        String configMaps = configMapsPath(order);
        cluster.apiServer().expect().post().withPath(configMaps)
                .andReturn(403, status(403, "configmaps is forbidden: exceeded quota")).always();

        assertThatThrownBy(() -> deployer.deploy(order, ORDERED, List.of(AppObjects.config("web-config"))))
                .isInstanceOfSatisfying(DeployRefusedByCluster.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.orderId()).isEqualTo(order);
                });
        assertThat(postsTo(configMaps)).isEqualTo(1);
    }

    /** The object a create made on the server although its answer never reached the client. */
    private static void createdBeforeTheTimeout(BigInteger order, java.util.Map<String, String> labels)
            throws InterruptedException {
        ConfigMap earlier = AppObjects.config("web-config");
        earlier.setData(java.util.Map.of("stale", "yes"));
        earlier.getMetadata().setNamespace(OrderNamespace.nameOf(order));
        earlier.getMetadata().setLabels(labels);
        k8s.resource(earlier).create();
        postsTo(configMapsPath(order)); // counts start after this arrangement
    }

    private static String configMapsPath(BigInteger order) {
        return "/api/v1/namespaces/" + OrderNamespace.nameOf(order) + "/configmaps";
    }

    private static Status status(int code, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
    }

    /** POSTs to {@code path} recorded since the last count (the recorded requests are drained). */
    private static int postsTo(String path) throws InterruptedException {
        int posts = 0;
        RecordedRequest request;
        while ((request = cluster.apiServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            if ("POST".equals(request.getMethod()) && path.equals(request.getPath())) {
                posts++;
            }
        }
        return posts;
    }
}
