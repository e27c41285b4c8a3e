package io.grid.routes.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.grid.api.Address;
import io.grid.api.DeployRequest;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.core.refusal.Outage;
import io.grid.core.refusal.OutageException;
import io.grid.core.workload.OrderNamespace;
import io.grid.routes.gateway.Apps;
import io.grid.routes.chain.ChainCall;
import io.grid.routes.gateway.TestGateway;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.proxy.BufferLeakWatch;
import io.grid.routes.gateway.store.LocalOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static io.grid.routes.gateway.TestGateway.body;
import static io.grid.routes.gateway.TestGateway.deployTemplate;
import static io.grid.routes.gateway.TestGateway.deployUrl;
import static io.grid.routes.gateway.TestGateway.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deploy, status, redeploy and undeploy over real HTTP, against a real chain and the simulated cluster. */
@ExtendWith(BufferLeakWatch.class)
class GatewayDeployRoutesTest {

    @TempDir
    static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, Resources.of(32_000, 65_536, 500));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** An accepted order of {@code user} and the user's session token. */
    record Session(BigInteger orderId, String token) {
    }

    Session signedIn(int user) throws Exception {
        Credentials credentials = gateway.chain().user(user);
        BigInteger order = gateway.createOrder(credentials, gateway.provider(), TestGateway.SMALL, 3_600);
        return new Session(order, gateway.acceptAndSignIn(credentials, order));
    }

    @Test
    void deploysTheAppOfAYamlUrlAndRecordsItsEntrance() throws Exception {
        Session session = signedIn(1);
        String url = gateway.serveYaml("web-1.yaml", Apps.webApp("web"));

        HttpResponse<String> response = gateway.deploy(deployUrl(session.orderId(), url), "Cookie",
                gateway.cookie(session.token()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = body(response);
        assertThat(result.get("ready").asBoolean()).isTrue();
        assertThat(result.get("namespace").asText()).isEqualTo(OrderNamespace.nameOf(session.orderId()));
        assertThat(gateway.storedOrder(session.orderId()).entrance()).hasToString(result.get("entrance").asText());
        assertThat(gateway.storedOrder(session.orderId()).appSource()).isEqualTo(url);
    }

    @Test
    void deployingTheSameAppAgainAnswersTheSame() throws Exception {
        Session session = signedIn(2);
        String url = gateway.serveYaml("web-2.yaml", Apps.webApp("web"));
        HttpResponse<String> first = gateway.deploy(deployUrl(session.orderId(), url), "Cookie",
                gateway.cookie(session.token()));

        HttpResponse<String> again = gateway.deploy(deployUrl(session.orderId(), url), "Cookie",
                gateway.cookie(session.token()));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("objects")).isEqualTo(body(first).get("objects"));
        assertThat(body(again).get("entrance")).isEqualTo(body(first).get("entrance"));
    }

    @Test
    void deploysATemplateFromTheCatalogWithTheBearerToken() throws Exception {
        Session session = signedIn(3);

        HttpResponse<String> response = gateway.deploy(deployTemplate(session.orderId(), "web-server"),
                "Authorization", "Bearer " + session.token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(gateway.storedOrder(session.orderId()).appSource()).isEqualTo("template:web-server");
    }

    @Test
    void listsTheCatalogWithMinimumResources() throws Exception {
        HttpResponse<String> response = gateway.get("/gateway/catalog");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).findValuesAsText("id")).contains("web-server", "echo");
        assertThat(body(response).get(0).get("minimum").get("cpuMillicores").asLong()).isPositive();
    }

    @Test
    void refusesADeployWithoutASessionWith401() throws Exception {
        Session session = signedIn(4);
        String url = gateway.serveYaml("web-4.yaml", Apps.webApp("web"));

        HttpResponse<String> response = gateway.deploy(deployUrl(session.orderId(), url));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(reason(response)).isEqualTo("COOKIE_MISSING");
    }

    @Test
    void refusesADeployWithAnotherUsersCookieWith403() throws Exception {
        Session mine = signedIn(5);
        Session theirs = signedIn(6);
        String url = gateway.serveYaml("web-5.yaml", Apps.webApp("web"));

        HttpResponse<String> response = gateway.deploy(deployUrl(mine.orderId(), url), "Cookie",
                gateway.cookie(theirs.token()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(reason(response)).isEqualTo("NOT_ORDER_USER");
    }

    @Test
    void refusesADeployForACancelledOrderWith410() throws Exception {
        Session session = signedIn(7);
        gateway.cancel(gateway.chain().user(7), session.orderId());
        String url = gateway.serveYaml("web-7.yaml", Apps.webApp("web"));

        HttpResponse<String> response = gateway.deploy(deployUrl(session.orderId(), url), "Cookie",
                gateway.cookie(session.token()));

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(reason(response)).isEqualTo("ORDER_ENDED");
    }

    @Test
    void refusesHostileYamlWith422ListingEveryViolation() throws Exception {
        Session session = signedIn(8);
        String url = gateway.serveYaml("hostile.yaml", Apps.hostileApp());

        HttpResponse<String> response = gateway.deploy(deployUrl(session.orderId(), url), "Cookie",
                gateway.cookie(session.token()));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(reason(response)).isEqualTo("WORKLOAD_REFUSED");
        assertThat(body(response).get("violations").size()).isGreaterThanOrEqualTo(2);
        assertThat(gateway.cluster().client().namespaces().withName(OrderNamespace.nameOf(session.orderId())).get())
                .isNull();
    }

    @Test
    void refusesAYamlUrlPointingIntoThePrivateNetworkWith4xx() throws Exception {
        Session session = signedIn(9);

        HttpResponse<String> response = gateway.deploy(
                deployUrl(session.orderId(), "http://169.254.169.254/latest/meta-data/app.yaml"), "Cookie",
                gateway.cookie(session.token()));

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void refundsTheOrderInFullWhenTheClusterRefusesTheAppAndLeavesNothingRunning() throws Exception {
        Credentials user = gateway.chain().user(10);
        BigInteger creditsBefore = credits(user);
        // Other tests in this class cancel orders after some seconds served, which pays the provider:
        // compare with the earnings before this test, not with zero.
        BigInteger earningsBefore = gateway.earnings();
        Session session = signedIn(10);
        BigInteger cost = gateway.storedOrder(session.orderId()).cost();
        String url = gateway.serveYaml("web-10.yaml", Apps.webApp("web"));
        String namespace = OrderNamespace.nameOf(session.orderId());
        refuseDeploymentsIn(namespace);

        HttpResponse<String> response = gateway.deploy(deployUrl(session.orderId(), url), "Cookie",
                gateway.cookie(session.token()));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(reason(response)).isEqualTo("CLUSTER_REFUSED");
        assertThat(body(response).get("detail").asText()).contains("refunded in full", cost.toString());
        assertThat(gateway.chainState(session.orderId())).isEqualTo(OrderState.CANCELLED);
        assertThat(credits(user)).isEqualTo(creditsBefore.add(cost));
        assertThat(gateway.earnings()).isEqualTo(earningsBefore);
        assertThat(gateway.cluster().client().namespaces().withName(namespace).get()).isNull();
        LocalOrder stored = gateway.storedOrder(session.orderId());
        assertThat(stored.state()).isEqualTo(OrderState.CANCELLED);
        assertThat(stored.tornDownAt()).isNotNull();
        assertThat(stored.entrance()).isNull();
    }

    @Test
    void reportsAFailedRefundInTheProblemAndLeavesTheOrderAsOnChain() throws Exception {
        Credentials other = gateway.chain().user(14);
        BigInteger settledOrder = gateway.createOrder(other, gateway.provider(), TestGateway.SMALL, 3_600);
        gateway.cancel(other, settledOrder);
        Session session = signedIn(13);
        String url = gateway.serveYaml("web-13.yaml", Apps.webApp("web"));
        String namespace = OrderNamespace.nameOf(session.orderId());
        refuseDeploymentsIn(namespace);
        // A refund that reverts on chain: it names an order that is settled already.
        AppDeployments deployments = gateway.deploymentsOver(new RefundingAnotherOrder(gateway.book(),
                settledOrder));

        assertThatThrownBy(() -> deployments.deploy(new DeployRequest(session.orderId(), url, null), false,
                gateway.cookie(session.token()), null))
                .isInstanceOfSatisfying(OutageException.class, e -> {
                    assertThat(e.outage()).isEqualTo(Outage.CLUSTER_REFUSED);
                    assertThat(e.outage().httpStatus()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("refund of order " + session.orderId() + " failed",
                            "reverted");
                });
        assertThat(gateway.chainState(session.orderId())).isEqualTo(OrderState.ACTIVE);
        assertThat(gateway.storedOrder(session.orderId()).state()).isEqualTo(OrderState.ACTIVE);
        assertThat(gateway.cluster().client().namespaces().withName(namespace).get()).isNull();
    }

    private static BigInteger credits(Credentials user) throws Exception {
        return gateway.chain().market().creditOf(user.getAddress()).send();
    }

    private static void refuseDeploymentsIn(String namespace) {
        gateway.cluster().apiServer().expect().post().withPath("/apis/apps/v1/namespaces/" + namespace + "/deployments")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403)
                        .withMessage("deployments.apps is forbidden").build()).once();
    }

    /** The gateway's order book, except that its refund call names another order. */
    private record RefundingAnotherOrder(OrderBook book, BigInteger otherOrder) implements OrderBook {

        @Override
        public Optional<Order> order(BigInteger orderId) {
            return book.order(orderId);
        }

        @Override
        public Provider provider(Address address) {
            return book.provider(address);
        }

        @Override
        public Instant now() {
            return book.now();
        }

        @Override
        public ChainCall acceptCall(BigInteger orderId) {
            return book.acceptCall(orderId);
        }

        @Override
        public ChainCall completeCall(BigInteger orderId) {
            return book.completeCall(orderId);
        }

        @Override
        public ChainCall refundCall(BigInteger orderId) {
            return book.refundCall(otherOrder);
        }
    }

    @Test
    void replacesTheAppWithTheOneOfANewUrl() throws Exception {
        Session session = signedIn(11);
        String cookie = gateway.cookie(session.token());
        gateway.deploy(deployUrl(session.orderId(), gateway.serveYaml("old.yaml", Apps.webApp("old"))), "Cookie", cookie);
        String newUrl = gateway.serveYaml("new.yaml", Apps.webApp("new"));

        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(
                        gateway.gatewayUri("/gateway/orders/" + session.orderId() + "/app"))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(deployUrl(session.orderId(), newUrl))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("objects").toString()).contains("Deployment/new").doesNotContain("old");
        assertThat(gateway.cluster().client().apps().deployments()
                .inNamespace(OrderNamespace.nameOf(session.orderId())).withName("old").get()).isNull();
        assertThat(gateway.storedOrder(session.orderId()).appSource()).isEqualTo(newUrl);
    }

    @Test
    void showsTheStatusThenUndeploysTwiceWithTheSameAnswer() throws Exception {
        Session session = signedIn(12);
        String cookie = gateway.cookie(session.token());
        gateway.deploy(deployUrl(session.orderId(), gateway.serveYaml("web-12.yaml", Apps.webApp("web"))),
                "Cookie", cookie);
        String app = "/gateway/orders/" + session.orderId() + "/app";

        HttpResponse<String> status = gateway.get(app, "Cookie", cookie);
        HttpResponse<String> first = gateway.send(HttpRequest.newBuilder(gateway.gatewayUri(app))
                .header("Cookie", cookie).DELETE());
        HttpResponse<String> second = gateway.send(HttpRequest.newBuilder(gateway.gatewayUri(app))
                .header("Cookie", cookie).DELETE());

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(body(status).get("exists").asBoolean()).isTrue();
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(second.statusCode()).isEqualTo(204);
        assertThat(body(gateway.get(app, "Cookie", cookie)).get("exists").asBoolean()).isFalse();
        assertThat(gateway.storedOrder(session.orderId()).entrance()).isNull();
    }
}
