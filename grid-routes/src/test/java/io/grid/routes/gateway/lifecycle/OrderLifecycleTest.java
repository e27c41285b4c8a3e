package io.grid.routes.gateway.lifecycle;

import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.core.workload.OrderNamespace;
import io.grid.routes.gateway.Apps;
import io.grid.routes.gateway.Eventually;
import io.grid.routes.gateway.TestGateway;
import io.grid.routes.gateway.proxy.BufferLeakWatch;
import io.grid.routes.gateway.store.LocalOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;

import static io.grid.routes.gateway.TestGateway.deployUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** The lifecycle job against a real chain and the simulated cluster. */
@ExtendWith(BufferLeakWatch.class)
class OrderLifecycleTest {

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

    BigInteger deployedOrder(int user) throws Exception {
        Credentials credentials = gateway.chain().user(user);
        BigInteger order = gateway.createOrder(credentials, gateway.provider(), TestGateway.SMALL, 3_600);
        String token = gateway.acceptAndSignIn(credentials, order);
        gateway.deploy(deployUrl(order, gateway.serveYaml("app-" + order + ".yaml", Apps.webApp("web"))),
                "Cookie", gateway.cookie(token));
        return order;
    }

    @Test
    void tearsDownACancelledOrderWithoutSendingASettlementOfItsOwn() throws Exception {
        BigInteger order = deployedOrder(1);

        gateway.cancel(gateway.chain().user(1), order);

        Eventually.await("the cancelled order is torn down", Duration.ofSeconds(30),
                () -> gateway.storedOrder(order).tornDownAt() != null);
        LocalOrder stored = gateway.storedOrder(order);
        assertThat(stored.state()).isEqualTo(OrderState.CANCELLED);
        assertThat(stored.settleOutboxId()).isNull();
        assertThat(stored.entrance()).isNull();
        assertThat(gateway.cluster().client().namespaces().withName(OrderNamespace.nameOf(order)).get()).isNull();
    }

    @Test
    void leavesAnOrderWhoseTimeIsNotOverRunning() throws Exception {
        BigInteger order = deployedOrder(2);

        gateway.sweep();

        assertThat(gateway.storedOrder(order).tornDownAt()).isNull();
        assertThat(gateway.storedOrder(order).entrance()).isNotNull();
        assertThat(gateway.cluster().client().namespaces().withName(OrderNamespace.nameOf(order)).get()).isNotNull();
    }
}
