package io.grid.routes.platform.jobs;

import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.core.order.IllegalOrderTransitionException;
import io.grid.core.order.OrderTransitions;
import io.grid.routes.chain.ChainCall;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.service.ChainView;
import io.grid.routes.platform.service.Orders;
import io.grid.routes.platform.store.OrderSettlementStore;
import io.grid.routes.platform.store.OrderStore;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends orders without anyone asking: every pass reads orders the market created that the platform has not seen,
 * reads the state of every open order from the chain in chunks ({@link Orders#refreshAll}), and queues
 * {@code Market.completeOrders} (which settles provider share and refund of each order) for the active orders
 * whose duration is over by the chain's clock, up to {@code batchSize} orders per transaction. Every order of a
 * batch is claimed under a unique key in the same database transaction as the batch's outbox entry, so no order is
 * queued twice, across platform instances too. An order whose claimed batch was mined (reverted, or successful but
 * passing over it, e.g. after a reorg moved the clock) while the order is still active and over is queued again.
 */
public class OrderLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);
    /** Gas of a {@code completeOrders} transaction besides its orders: base cost, calldata, the loop. */
    static final long BATCH_BASE_GAS = 80_000;
    /** Gas per order of a batch: measured ~28k (contracts' MarketBatchTest), with room for cold storage. */
    static final long GAS_PER_ORDER = 45_000;

    private final DataSource dataSource;
    private final Orders orders;
    private final OrderStore store;
    private final ChainView chain;
    private final TransactionOutbox outbox;
    private final OrderSettlementStore settlements;
    private final int batchSize;

    /**
     * What one pass did.
     *
     * @param imported orders read in from the market for the first time
     * @param queued   orders whose completion was queued now
     * @param ended    open orders found completed or cancelled on chain
     * @param batches  {@code completeOrders} transactions queued now
     * @param retried  orders queued again because their earlier batch was mined without settling them
     */
    public record Pass(int imported, int queued, int ended, int batches, int retried) {
    }

    /**
     * @param batchSize most orders per {@code completeOrders} transaction (see {@link #gasLimitFor})
     */
    public OrderLifecycle(DataSource dataSource, Orders orders, OrderStore store, ChainView chain,
                          TransactionOutbox outbox, OrderSettlementStore settlements, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.dataSource = dataSource;
        this.orders = orders;
        this.store = store;
        this.chain = chain;
        this.outbox = outbox;
        this.settlements = settlements;
        this.batchSize = batchSize;
    }

    /** The gas limit of a {@code completeOrders} transaction of {@code orderCount} orders. */
    public static BigInteger gasLimitFor(int orderCount) {
        return BigInteger.valueOf(BATCH_BASE_GAS + GAS_PER_ORDER * orderCount);
    }

    /** One pass; see the class description. */
    public Pass run() {
        int imported = orders.importNew();
        Instant now = chain.now();
        int ended = 0;
        List<Order> due = new ArrayList<>();
        for (Order order : orders.refreshAll(store.open())) {
            if (order.state().isFinal()) {
                ended++;
                LogEvent.info(LOG, "order_ended").with("order", order.id()).with("state", order.state()).log();
            } else if (isOver(order, now)) {
                due.add(order);
            }
        }
        due.sort(Comparator.comparing(Order::id)); // every instance claims in the same order: no lock cycles
        Map<BigInteger, OrderSettlementStore.Claim> claims =
                settlements.claimsOf(dataSource, due.stream().map(Order::id).toList());
        List<Order> toQueue = new ArrayList<>();
        for (Order order : due) {
            OrderSettlementStore.Claim claim = claims.get(order.id());
            // Unclaimed, or claimed by a batch that was mined and yet left the order active and over.
            if (claim == null || claim.mined()) {
                toQueue.add(order);
            }
        }
        int queued = 0;
        int batches = 0;
        int retried = 0;
        for (int from = 0; from < toQueue.size(); from += batchSize) {
            Batch batch = queueBatch(toQueue.subList(from, Math.min(toQueue.size(), from + batchSize)), claims);
            if (!batch.orders().isEmpty()) {
                log(batch);
                batches++;
                queued += batch.orders().size();
                retried += batch.retried();
            }
        }
        if (queued > 0) {
            outbox.pass();
        }
        return new Pass(imported, queued, ended, batches, retried);
    }

    /** The order state machine in grid-core decides whether an active order may complete at {@code now}. */
    private static boolean isOver(Order order, Instant now) {
        if (order.state() != OrderState.ACTIVE || order.startedAt() == null) {
            return false;
        }
        try {
            OrderTransitions.complete(order, now);
            return true;
        } catch (IllegalOrderTransitionException notYet) {
            return false; // its duration has not run out by the chain's clock
        }
    }

    /** A batch as committed: its orders, its outbox entry, how many of its orders were retried. */
    private record Batch(List<Order> orders, long outboxId, int retried) {
    }

    private static void log(Batch batch) {
        for (Order order : batch.orders()) {
            LogEvent.info(LOG, "order_completion_queued").with("order", order.id()).with("provider", order.provider())
                    .with("outboxId", batch.outboxId()).log();
        }
        LogEvent.info(LOG, "order_completion_batch_queued").with("outboxId", batch.outboxId())
                .with("orders", batch.orders().size()).with("retried", batch.retried())
                .with("gasLimit", gasLimitFor(batch.orders().size())).log();
    }

    /**
     * Queues one {@code completeOrders} for {@code candidates} and claims each of them, in one database transaction.
     * A retried order's earlier claim is released first, and only by the instance whose release removes it.
     */
    private Batch queueBatch(List<Order> candidates, Map<BigInteger, OrderSettlementStore.Claim> claims) {
        return Transactions.inTransaction(dataSource, c -> {
            List<Order> batch = new ArrayList<>();
            int retried = 0;
            for (Order order : candidates) {
                OrderSettlementStore.Claim earlier = claims.get(order.id());
                if (earlier == null) {
                    batch.add(order);
                } else if (settlements.release(c, order.id(), earlier.outboxId())) {
                    batch.add(order);
                    retried++;
                    LogEvent.warn(LOG, "order_completion_retry").with("order", order.id())
                            .with("outboxId", earlier.outboxId()).log();
                }
                // else: another instance released and re-queued it first
            }
            if (batch.isEmpty()) {
                return new Batch(List.of(), 0, 0);
            }
            List<BigInteger> ids = batch.stream().map(Order::id).toList();
            long outboxId = outbox.enqueue(c, new ChainCall(chain.contracts().market(),
                    chain.market().completeOrders(ids).encodeFunctionCall(), gasLimitFor(ids.size())));
            if (!settlements.claimAll(c, ids, outboxId)) {
                // Another instance claimed one of them after we read the claims: drop our outbox entry with our
                // claims and releases; the next pass reads the claims again.
                c.rollback();
                LogEvent.info(LOG, "order_completion_batch_dropped").with("orders", ids.size()).log();
                return new Batch(List.of(), 0, 0);
            }
            return new Batch(batch, outboxId, retried);
        });
    }
}
