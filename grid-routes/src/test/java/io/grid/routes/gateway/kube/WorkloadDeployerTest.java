package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.api.DeployResult;
import io.grid.core.workload.OrderNamespace;
import io.grid.simulated.SimulatedCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.grid.routes.gateway.kube.AppObjects.ORDERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadDeployerTest {

    private static SimulatedCluster cluster;
    private static KubernetesClient k8s;
    private static WorkloadDeployer deployer;

    @BeforeAll
    static void startCluster() {
        cluster = SimulatedCluster.start();
        k8s = cluster.client();
        deployer = new WorkloadDeployer(k8s, cluster.kubelet()::entranceOf, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void preparesTheOrderNamespaceWithRestrictedPodSecurityQuotaLimitRangeAndNetworkPolicies() {
        DeployResult result = deployer.deploy(BigInteger.valueOf(101), ORDERED, AppObjects.webApp());

        String ns = result.namespace();
        assertThat(ns).isEqualTo("grid-order-101");
        assertThat(k8s.namespaces().withName(ns).get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("grid.io/order", "101");
        var quota = k8s.resourceQuotas().inNamespace(ns).withName(OrderNamespace.QUOTA_NAME).get();
        assertThat(quota.getSpec().getHard()).containsEntry("limits.cpu", new Quantity("1000m"))
                .containsEntry("services.nodeports", new Quantity("0"));
        assertThat(k8s.limitRanges().inNamespace(ns).withName(OrderNamespace.LIMIT_RANGE_NAME).get()).isNotNull();
        assertThat(k8s.network().networkPolicies().inNamespace(ns).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(OrderNamespace.DENY_ALL_POLICY, OrderNamespace.GATEWAY_AND_PUBLIC_EGRESS_POLICY);
    }

    @Test
    void deploysAnAppThatBecomesReadyAndAnswersAtItsEntranceOverHttp() throws Exception {
        BigInteger order = BigInteger.valueOf(102);

        DeployResult result = deployer.deploy(order, ORDERED, AppObjects.webApp());

        assertThat(result.ready()).isTrue();
        assertThat(result.objects()).containsExactly("ConfigMap/web-config", "Deployment/web", "Service/web");
        Deployment web = k8s.apps().deployments().inNamespace(result.namespace()).withName("web").get();
        assertThat(web.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(web.getMetadata().getLabels()).containsEntry("grid.io/order", "102").containsEntry("app", "web");
        DeploymentStatus status = deployer.status(order);
        assertThat(status.ready()).isTrue();
        assertThat(status.podPhases()).containsValues("Running").hasSize(2);
        assertThat(status.recentEvents()).anyMatch(e -> e.startsWith("SimulatedReady"));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(result.entrance() + "/hello?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("order: 102", "service: web", "method: GET", "path: /hello?x=1");
    }

    @Test
    void deployingTwiceKeepsExactlyOneOfEachObject() {
        BigInteger order = BigInteger.valueOf(103);
        deployer.deploy(order, ORDERED, AppObjects.webApp());

        DeployResult again = deployer.deploy(order, ORDERED, AppObjects.webApp());

        String ns = again.namespace();
        assertThat(again.ready()).isTrue();
        assertThat(k8s.configMaps().inNamespace(ns).list().getItems()).hasSize(1);
        assertThat(k8s.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
        assertThat(k8s.services().inNamespace(ns).list().getItems()).hasSize(1);
        assertThat(k8s.network().networkPolicies().inNamespace(ns).list().getItems()).hasSize(2);
        assertThat(k8s.pods().inNamespace(ns).list().getItems()).hasSize(2);
    }

    @Test
    void redeployRemovesTheOrdersObjectsNoLongerInTheSet() {
        BigInteger order = BigInteger.valueOf(104);
        deployer.deploy(order, ORDERED, List.of(AppObjects.config("old-config"), AppObjects.web(1), AppObjects.service("web")));

        DeployResult result = deployer.redeploy(order, ORDERED,
                List.of(AppObjects.config("new-config"), AppObjects.web(1), AppObjects.service("web")));

        assertThat(result.objects()).containsExactly("ConfigMap/new-config", "Deployment/web", "Service/web");
        assertThat(k8s.configMaps().inNamespace(result.namespace()).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("new-config");
        assertThat(k8s.resourceQuotas().inNamespace(result.namespace()).list().getItems()).hasSize(1);
    }

    @Test
    void undeployTwiceSucceedsBothTimesAndStopsTheBackend() throws Exception {
        BigInteger order = BigInteger.valueOf(105);
        DeployResult result = deployer.deploy(order, ORDERED, AppObjects.webApp());
        URI entrance = URI.create(result.entrance());

        deployer.undeploy(order);
        deployer.undeploy(order);

        String ns = result.namespace();
        assertThat(k8s.namespaces().withName(ns).get()).isNull();
        assertThat(k8s.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(k8s.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(k8s.resourceQuotas().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(k8s.pods().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(deployer.status(order).exists()).isFalse();
        awaitTrue(() -> refusesConnections(entrance));
    }

    @Test
    void deletingTheNamespaceAloneCascadesInTheSimulatedCluster() {
        BigInteger order = BigInteger.valueOf(106);
        DeployResult result = deployer.deploy(order, ORDERED, AppObjects.webApp());

        k8s.namespaces().withName(result.namespace()).delete();

        awaitTrue(() -> k8s.configMaps().inNamespace(result.namespace()).list().getItems().isEmpty()
                && k8s.apps().deployments().inNamespace(result.namespace()).list().getItems().isEmpty());
        awaitTrue(() -> cluster.kubelet().backends().stream().noneMatch(b -> b.namespace().equals(result.namespace())));
    }

    @Test
    void failsWithATypedErrorWhenTheWorkloadIsNotReadyBeforeTheDeadline() {
        BigInteger order = BigInteger.valueOf(107);
        cluster.kubelet().withholdReadinessIn(OrderNamespace.nameOf(order));
        var impatient = new WorkloadDeployer(k8s, cluster.kubelet()::entranceOf, Duration.ofMillis(500));

        assertThatThrownBy(() -> impatient.deploy(order, ORDERED, AppObjects.webApp()))
                .isInstanceOfSatisfying(ReadinessDeadlineExceeded.class, e -> {
                    assertThat(e.orderId()).isEqualTo(order);
                    assertThat(e.deployed().ready()).isFalse();
                    assertThat(e.deployed().objects()).contains("Deployment/web");
                    assertThat(e.status().workloads()).containsExactly(new DeploymentStatus.Workload("Deployment", "web", 2, 0, 0, null));
                });
    }

    @Test
    void prefersTheServiceLabelledAsEntrance() {
        BigInteger order = BigInteger.valueOf(108);
        Service metrics = AppObjects.service("metrics");
        Service front = AppObjects.service("front");
        front.getMetadata().setLabels(java.util.Map.of(WorkloadDeployer.ENTRANCE_LABEL, "true"));

        DeployResult result = deployer.deploy(order, ORDERED, List.of(AppObjects.web(1), metrics, front));

        URI frontBackend = cluster.kubelet().entranceOf(
                k8s.services().inNamespace(result.namespace()).withName("front").get());
        assertThat(result.entrance()).isEqualTo(frontBackend.toString());
    }

    @Test
    void refusesKindsOutsideTheAppAllowListBeforeTouchingTheCluster() {
        BigInteger order = BigInteger.valueOf(109);
        List<HasMetadata> sneaky = List.of(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build());
        List<HasMetadata> account = List.of(new ServiceAccountBuilder().withNewMetadata().withName("admin").endMetadata().build());

        assertThatThrownBy(() -> deployer.deploy(order, ORDERED, sneaky)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deployer.deploy(order, ORDERED, account)).isInstanceOf(IllegalArgumentException.class);
        assertThat(k8s.namespaces().withName(OrderNamespace.nameOf(order)).get()).isNull();
    }

    @Test
    void rewritesTheNamespaceOfEveryObjectToTheOrders() {
        BigInteger order = BigInteger.valueOf(110);
        var elsewhere = AppObjects.config("cfg");
        elsewhere.getMetadata().setNamespace("grid-order-1");

        deployer.deploy(order, ORDERED, List.of(elsewhere));

        assertThat(k8s.configMaps().inNamespace("grid-order-110").withName("cfg").get()).isNotNull();
        assertThat(k8s.configMaps().inNamespace("grid-order-1").withName("cfg").get()).isNull();
        assertThat(elsewhere.getMetadata().getNamespace()).as("the caller's object is not changed").isEqualTo("grid-order-1");
    }

    private static boolean refusesConnections(URI entrance) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(entrance.getHost(), entrance.getPort()), 1000);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    /** Polls with a deadline: the simulated kubelet reacts to watch events asynchronously. */
    static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos()); // poll interval, not a fixed wait
        }
    }
}
