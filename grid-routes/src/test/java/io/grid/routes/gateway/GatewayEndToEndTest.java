package io.grid.routes.gateway;

import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.core.money.Settlement;
import io.grid.core.workload.OrderNamespace;
import io.grid.routes.gateway.lifecycle.OrderLifecycle;
import io.grid.routes.gateway.proxy.BufferLeakWatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static io.grid.routes.gateway.TestGateway.body;
import static io.grid.routes.gateway.TestGateway.deployUrl;
import static io.grid.routes.gateway.TestGateway.reason;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path of one order through a provider's gateway, on a real Anvil chain, a real Derby
 * database, the simulated cluster with real local app backends, and real HTTP everywhere: the order
 * is greeted (0, 1, 2), its app deployed from a YAML URL and reached through the reverse proxy; when
 * its time has passed on chain, the lifecycle job tears it down and settles it.
 */
@ExtendWith(BufferLeakWatch.class)
class GatewayEndToEndTest {

    static final long DURATION = 600;

    @TempDir
    static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, Resources.of(8_000, 16_384, 100));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void servesAnOrderFromGreetingToSettlementAndPaysTheProviderItsShare() throws Exception {
        Credentials user = gateway.chain().user(1);
        BigInteger order = gateway.createOrder(user, gateway.provider(), TestGateway.SMALL, DURATION);
        Credentials stranger = gateway.chain().user(2);
        BigInteger strangersOrder = gateway.createOrder(stranger, gateway.provider(), TestGateway.SMALL, DURATION);
        String strangersToken = gateway.acceptAndSignIn(stranger, strangersOrder);

        HttpResponse<String> resources = gateway.greet(0, order);
        HttpResponse<String> payee = gateway.greet(1, order);
        String text = gateway.message(user, order, gateway.nonce(order), gateway.domain()).text();
        HttpResponse<String> signIn = gateway.greetSignIn(order, text, TestGateway.sign(user, text));
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> deploy = gateway.deploy(
                deployUrl(order, gateway.serveYaml("app.yaml", Apps.webApp("web"))), "Cookie", cookie);
        HttpResponse<String> viaProxy = gateway.throughProxy(order, "/hello?x=1", "Cookie", cookie + "; theme=dark");
        HttpResponse<String> anonymous = gateway.throughProxy(order, "/hello");
        HttpResponse<String> strangers = gateway.throughProxy(order, "/hello", "Cookie", gateway.cookie(strangersToken));

        assertThat(resources.statusCode()).isEqualTo(200);
        assertThat(body(payee).get("state").asText()).isEqualTo("ACTIVE");
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(deploy.statusCode()).isEqualTo(200);
        assertThat(viaProxy.statusCode()).isEqualTo(200);
        assertThat(viaProxy.headers().firstValue("X-Grid-Order")).hasValue(order.toString());
        assertThat(viaProxy.headers().firstValue("X-Echo-Path")).hasValue("/hello?x=1");
        assertThat(viaProxy.body()).contains("theme=dark").doesNotContain(gateway.cookieName() + "=");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(strangers.statusCode()).isEqualTo(403);

        // No platform here: the gateway's fallback settles once the grace it leaves the platform is over.
        gateway.chain().advance(DURATION + OrderLifecycle.DEFAULT_SETTLE_GRACE.toSeconds() + 1);
        Eventually.await("the lifecycle job settles the order", Duration.ofSeconds(30),
                () -> gateway.chainState(order) == OrderState.COMPLETED);
        Eventually.await("the lifecycle job records the teardown", Duration.ofSeconds(30),
                () -> gateway.storedOrder(order).tornDownAt() != null
                        && gateway.storedOrder(order).state() == OrderState.COMPLETED);

        Order settled = gateway.book.order(order).orElseThrow();
        BigInteger share = Settlement.providerShare(settled.cost(), DURATION, DURATION);
        BigInteger strangersShare = Settlement.providerShare(
                gateway.book.order(strangersOrder).orElseThrow().cost(), DURATION, DURATION);
        Eventually.await("the stranger's order is settled too", Duration.ofSeconds(30),
                () -> gateway.chainState(strangersOrder) == OrderState.COMPLETED);
        assertThat(gateway.earnings()).isEqualTo(share.add(strangersShare));
        assertThat(gateway.cluster().client().namespaces().withName(OrderNamespace.nameOf(order)).get()).isNull();
        HttpResponse<String> afterEnd = gateway.throughProxy(order, "/hello", "Cookie", cookie);
        assertThat(afterEnd.statusCode()).isEqualTo(410);
        assertThat(reason(afterEnd)).isEqualTo("ORDER_ENDED");
    }
}
