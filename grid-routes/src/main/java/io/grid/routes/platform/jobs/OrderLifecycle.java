package io.grid.routes.platform.jobs;

import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.core.order.IllegalOrderTransitionException;
import io.grid.core.order.OrderTransitions;
import io.grid.routes.chain.ChainCall;
import io.grid.routes.chain.TransactionOutbox;
import io.grid.routes.platform.service.ChainView;
import io.grid.routes.platform.service.Orders;
import io.grid.routes.platform.store.ChainOutbox;
import io.grid.routes.platform.store.OrderSettlementStore;
import io.grid.routes.platform.store.OrderStore;
import io.grid.routes.platform.store.OutboxEntry;
import io.grid.routes.platform.store.OutboxState;
import io.grid.routes.platform.store.Transactions;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends orders without anyone asking: every pass reads orders the market created that the platform has not seen,
 * refreshes every open order from the chain, and queues {@code Market.completeOrder} (which settles provider share
 * and refund) for each active order whose duration is over by the chain's clock. Each order's completion is queued
 * once, under a unique key, in the same database transaction as its outbox entry; a completion that reverted is
 * queued again on a later pass while the order is still active.
 */
public class OrderLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLifecycle.class);

    private final DataSource dataSource;
    private final Orders orders;
    private final OrderStore store;
    private final ChainView chain;
    private final TransactionOutbox outbox;
    private final ChainOutbox outboxTable;
    private final OrderSettlementStore settlements;
    private final BigInteger gasLimit;

    /**
     * What one pass did.
     *
     * @param imported orders read in from the market for the first time
     * @param queued   completions queued now
     * @param ended    open orders found completed or cancelled on chain
     */
    public record Pass(int imported, int queued, int ended) {
    }

    public OrderLifecycle(DataSource dataSource, Orders orders, OrderStore store, ChainView chain,
                          TransactionOutbox outbox, ChainOutbox outboxTable, OrderSettlementStore settlements,
                          BigInteger gasLimit) {
        this.dataSource = dataSource;
        this.orders = orders;
        this.store = store;
        this.chain = chain;
        this.outbox = outbox;
        this.outboxTable = outboxTable;
        this.settlements = settlements;
        this.gasLimit = gasLimit;
    }

    /** One pass; see the class description. */
    public Pass run() {
        int imported = orders.importNew();
        Instant now = chain.now();
        int queued = 0;
        int ended = 0;
        for (Order cached : store.open()) {
            Optional<Order> fresh = orders.refresh(cached.id());
            if (fresh.isEmpty()) {
                continue;
            }
            Order order = fresh.get();
            if (order.state().isFinal()) {
                ended++;
                LOG.atInfo().addKeyValue("event", "order_ended").addKeyValue("order", order.id())
                        .addKeyValue("state", order.state()).log("order ended and settled on chain");
            } else if (isOver(order, now) && queueCompletion(order.id())) {
                queued++;
                LOG.atInfo().addKeyValue("event", "order_completion_queued").addKeyValue("order", order.id())
                        .addKeyValue("provider", order.provider()).log("order is over, completion queued");
            }
        }
        if (queued > 0) {
            outbox.pass();
        }
        return new Pass(imported, queued, ended);
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

    private boolean queueCompletion(BigInteger orderId) {
        return Transactions.inTransaction(dataSource, c -> {
            OptionalLong earlier = settlements.outboxOf(c, orderId);
            if (earlier.isPresent()) {
                Optional<OutboxEntry> entry = outboxTable.find(earlier.getAsLong());
                boolean reverted = entry.isPresent() && entry.get().state() == OutboxState.MINED
                        && Boolean.FALSE.equals(entry.get().succeeded());
                if (!reverted || !settlements.release(c, orderId, earlier.getAsLong())) {
                    return false;
                }
                LOG.atWarn().addKeyValue("event", "order_completion_retry").addKeyValue("order", orderId)
                        .addKeyValue("outboxId", earlier.getAsLong()).log("earlier completion reverted, queueing again");
            }
            long outboxId = outbox.enqueue(c, new ChainCall(chain.contracts().market(),
                    chain.market().completeOrder(orderId).encodeFunctionCall(), gasLimit));
            if (!settlements.claim(c, orderId, outboxId)) {
                c.rollback(); // another instance claimed it first: drop our outbox entry with the claim
                return false;
            }
            return true;
        });
    }
}
