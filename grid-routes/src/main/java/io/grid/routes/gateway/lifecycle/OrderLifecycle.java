package io.grid.routes.gateway.lifecycle;

import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.core.greet.GreetChecks;
import io.grid.routes.gateway.kube.WorkloadDeployer;
import io.grid.routes.gateway.logs.AppLogs;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends what has ended, without anyone asking: for every order this gateway accepted whose time is over
 * (as the chain's clock says) or that was cancelled or completed on chain, it tears the order's
 * namespace down and, when nobody settled the order yet, sends completeOrder through the outbox once.
 * Running it again finds nothing more to do; a failure with one order is logged and retried next run.
 *
 * <p>The gateway's settlement is a fallback: the platform's lifecycle job settles due orders in batches, so the
 * gateway sends completeOrder only when the order is still active {@code settleGrace} after its end (chain time),
 * reads the order's state right before queueing, and its outbox drops the queued call when the order was settled
 * before it was signed ({@link OrderBook#stillNeeded}). Each order is settled once and no settlement reverts.
 */
public class OrderLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);

    private final OrderBook book;
    private final LocalOrders orders;
    private final TransactionOutbox outbox;
    private final WorkloadDeployer deployer;
    private final Duration settleGrace;
    private final AppLogs logs;

    /** How long past an order's end the gateway leaves its settlement to the platform, by default. */
    public static final Duration DEFAULT_SETTLE_GRACE = Duration.ofMinutes(5);

    public OrderLifecycle(OrderBook book, LocalOrders orders, TransactionOutbox outbox, WorkloadDeployer deployer) {
        this(book, orders, outbox, deployer, DEFAULT_SETTLE_GRACE, null);
    }

    /** An order lifecycle that keeps no logs after teardown. */
    public OrderLifecycle(OrderBook book, LocalOrders orders, TransactionOutbox outbox, WorkloadDeployer deployer,
                          Duration settleGrace) {
        this(book, orders, outbox, deployer, settleGrace, null);
    }

    /**
     * @param settleGrace how long past an order's end (chain time) the gateway waits for somebody else (the platform)
     *                    to settle it before it sends completeOrder itself; zero settles at once
     * @param logs        keeps each order's logs and events before its teardown and deletes them when they expire;
     *                    {@code null} keeps nothing
     */
    public OrderLifecycle(OrderBook book, LocalOrders orders, TransactionOutbox outbox, WorkloadDeployer deployer,
                          Duration settleGrace, AppLogs logs) {
        this.book = book;
        this.orders = orders;
        this.outbox = outbox;
        this.deployer = deployer;
        this.settleGrace = Objects.requireNonNull(settleGrace, "settleGrace");
        this.logs = logs;
        outbox.dropWhenNotNeeded(book::stillNeeded);
    }

    /**
     * One pass over the orders that still need care.
     *
     * @return how many orders were torn down or sent to settlement in this pass
     */
    public int sweep() {
        Instant now = book.now();
        int ended = 0;
        for (LocalOrder order : orders.needingCare()) {
            try {
                if (end(order, now)) {
                    ended++;
                }
            } catch (RuntimeException e) {
                // Retried at the next pass.
                LogEvent.warn(LOG, "order_lifecycle_failed").with("order", order.orderId())
                        .with("detail", e.getMessage()).cause(e).log();
            }
        }
        if (logs != null) {
            try {
                logs.deleteExpired();
            } catch (RuntimeException e) {
                LogEvent.warn(LOG, "app_logs_expiry_failed").with("detail", e.getMessage())
                        .with("note", "retried next run").cause(e).log();
            }
        }
        return ended;
    }

    private boolean end(LocalOrder local, Instant now) {
        Optional<Order> onChain = book.order(local.orderId());
        if (onChain.isEmpty()) {
            return false;
        }
        Order order = onChain.get();
        boolean settled = order.state().isFinal();
        boolean timeOver = order.state() == OrderState.ACTIVE && !now.isBefore(order.scheduledEnd())
                || order.state() == OrderState.CREATED && GreetChecks.expired(order, now);
        if (order.state() != local.state() || !Objects.equals(order.startedAt(), local.startedAt())) {
            orders.recordChainState(local.orderId(), order.state(), order.startedAt());
        }
        if (!settled && !timeOver) {
            return false;
        }
        boolean acted = false;
        if (local.tornDownAt() == null) {
            if (logs != null) {
                logs.retain(local.orderId());
            }
            deployer.undeploy(local.orderId());
            orders.recordTeardown(local.orderId(), now);
            LogEvent.info(LOG, "order_torn_down").with("order", local.orderId()).with("state", order.state()).log();
            acted = true;
        }
        if (order.state() == OrderState.ACTIVE && local.settleOutboxId() == null
                && !now.isBefore(order.scheduledEnd().plus(settleGrace))) {
            settle(local.orderId());
            acted = true;
        }
        return acted;
    }

    private void settle(BigInteger orderId) {
        long outboxId = Transactions.inTransaction(orders.dataSource(), c -> {
            long id = outbox.enqueue(c, book.completeCall(orderId));
            orders.recordSettlement(c, orderId, id);
            return id;
        });
        orders.refresh(orderId);
        outbox.wake();
        LogEvent.info(LOG, "order_settlement_sent").with("order", orderId).with("outboxId", outboxId).log();
    }
}
