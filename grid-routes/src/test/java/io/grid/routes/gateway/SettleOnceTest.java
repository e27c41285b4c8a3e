package io.grid.routes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.contracts.chain.LocalChain;
import io.grid.routes.chain.TransactionOutbox;
import io.grid.routes.gateway.lifecycle.OrderLifecycle;
import io.grid.routes.platform.store.ChainOutbox;
import io.grid.routes.platform.store.OutboxEntry;
import io.grid.routes.platform.store.OutboxState;
import io.grid.routes.platform.store.Transactions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The gateway's settlement is a fallback that never sends what the chain already has: during the grace after an
 * order's end it leaves the settlement to the platform (but tears the app down), and a completeOrder it queued is
 * dropped before signing when somebody settled the order meanwhile.
 */
class SettleOnceTest {

    private static final long DURATION = 600;

    @TempDir
    static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, Resources.of(16_000, 32_768, 200));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private BigInteger acceptedOrder(Credentials user) throws Exception {
        BigInteger order = gateway.createOrder(user, gateway.provider(), TestGateway.SMALL, DURATION);
        gateway.acceptAndSignIn(user, order);
        return order;
    }

    @Test
    void leavesTheSettlementToThePlatformDuringTheGraceThenSettlesAsFallback() throws Exception {
        BigInteger order = acceptedOrder(gateway.chain().user(1));

        gateway.chain().advance(DURATION + 1);
        gateway.sweep();

        assertThat(gateway.storedOrder(order).tornDownAt()).isNotNull();
        assertThat(gateway.storedOrder(order).settleOutboxId()).isNull();
        assertThat(gateway.chainState(order)).isEqualTo(OrderState.ACTIVE);

        gateway.chain().advance(OrderLifecycle.DEFAULT_SETTLE_GRACE.toSeconds());
        Eventually.await("the fallback settles the order", Duration.ofSeconds(30),
                () -> gateway.chainState(order) == OrderState.COMPLETED);
        assertThat(gateway.storedOrder(order).settleOutboxId()).isNotNull();
    }

    @Test
    void sendsNoSettlementOfAnOrderSomebodyElseSettledAfterTheGrace() throws Exception {
        BigInteger order = acceptedOrder(gateway.chain().user(2));
        gateway.chain().advance(DURATION + OrderLifecycle.DEFAULT_SETTLE_GRACE.toSeconds() + 1);

        gateway.chain().market(gateway.chain().user(3)).completeOrder(order).send();
        gateway.sweep();

        assertThat(gateway.storedOrder(order).settleOutboxId()).isNull();
        assertThat(gateway.storedOrder(order).state()).isEqualTo(OrderState.COMPLETED);
    }

    @Test
    void dropsAQueuedSettlementWhenTheOrderWasSettledBeforeItWasSigned() throws Exception {
        BigInteger order = acceptedOrder(gateway.chain().user(4));
        gateway.chain().advance(DURATION + 1);
        // An outbox of its own sender that no background pass touches: the queued call waits for our pass.
        Credentials sender = gateway.chain().user(5);
        ChainOutbox table = new ChainOutbox(gateway.dataSource, Clock.systemUTC());
        TransactionOutbox outbox = new TransactionOutbox(table, gateway.chain().web3j(), sender, LocalChain.CHAIN_ID,
                TestGateway.FAST_OUTBOX, Clock.systemUTC());
        outbox.dropWhenNotNeeded(gateway.book::stillNeeded);
        long queued = Transactions.inTransaction(gateway.dataSource, c -> outbox.enqueue(c, gateway.book.completeCall(order)));
        long nonceBefore = gateway.chain().web3j().ethGetTransactionCount(sender.getAddress(),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact();

        gateway.chain().market(gateway.chain().user(6)).completeOrder(order).send();
        outbox.pass();

        OutboxEntry entry = table.find(queued).orElseThrow();
        assertThat(entry.state()).isEqualTo(OutboxState.DROPPED);
        assertThat(entry.txHash()).isNull();
        assertThat(gateway.chain().web3j().ethGetTransactionCount(sender.getAddress(),
                org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact())
                .isEqualTo(nonceBefore);
        assertThat(table.open(io.grid.api.Address.of(sender.getAddress()))).isEmpty();
    }

    @Test
    void sendsTheQueuedSettlementOfAnOrderStillActive() throws Exception {
        BigInteger order = acceptedOrder(gateway.chain().user(7));
        gateway.chain().advance(DURATION + 1);
        Credentials sender = gateway.chain().user(8);
        ChainOutbox table = new ChainOutbox(gateway.dataSource, Clock.systemUTC());
        TransactionOutbox outbox = new TransactionOutbox(table, gateway.chain().web3j(), sender, LocalChain.CHAIN_ID,
                TestGateway.FAST_OUTBOX, Clock.systemUTC());
        outbox.dropWhenNotNeeded(gateway.book::stillNeeded);
        long queued = Transactions.inTransaction(gateway.dataSource, c -> outbox.enqueue(c, gateway.book.completeCall(order)));

        outbox.pass();
        outbox.pass();

        assertThat(table.find(queued).orElseThrow().state()).isIn(OutboxState.SENT, OutboxState.MINED);
        Eventually.await("the order is settled by the queued call", Duration.ofSeconds(30), () -> {
            outbox.pass();
            return gateway.chainState(order) == OrderState.COMPLETED;
        });
    }
}
