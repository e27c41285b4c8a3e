package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.GpuModels;
import io.grid.api.Resources;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.wrappers.Market;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.money.Pricing;
import io.grid.core.log.LogEvent;
import io.grid.routes.platform.store.OrderStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Orders: quoted at the registry's prices, created and cancelled with the user's signature (relayed as
 * {@code createOrderFor} / {@code cancelOrderFor}), read from the market into the {@link OrderStore} cache.
 * A request never carries a price or a balance: the cost is computed here from the registry and checked again by
 * the contract.
 */
public class Orders {

    private static final Logger LOG = LoggerFactory.getLogger(Orders.class);
    private static final String ORDER_CREATED_TOPIC = EventEncoder.encode(Market.ORDERCREATED_EVENT);
    /** Orders per {@code Market.orderStates} call: about 1.4k gas of reads each, far below an eth_call's cap. */
    static final int STATES_PER_CALL = 500;

    private final ChainView chain;
    private final SignedRelay relay;
    private final OrderStore store;
    private final MarketSignatures signatures;

    /**
     * @param chain   chain reads
     * @param relay   relays signed calls
     * @param store   the order cache
     * @param chainId chain id of the EIP-712 domain
     */
    public Orders(ChainView chain, SignedRelay relay, OrderStore store, long chainId) {
        this.chain = chain;
        this.relay = relay;
        this.store = store;
        this.signatures = new MarketSignatures(chainId, chain.contracts().market().value());
    }

    /**
     * An order a user signed for {@code createOrderFor}.
     *
     * @param user            the user (signer, payer)
     * @param provider        the provider
     * @param resources       what is ordered
     * @param durationSeconds how long
     * @param maxCost         the most the user agreed to pay (signed), in token base units
     * @param nonce           the user's market nonce
     * @param deadline        last valid second
     * @param signature       65-byte hex signature
     */
    public record SignedOrder(Address user, Address provider, Resources resources, long durationSeconds,
                              BigInteger maxCost, BigInteger nonce, BigInteger deadline, String signature) {
    }

    /** The cost of {@code resources} for {@code durationSeconds} at the provider's registered prices. */
    public Quote quote(Address providerAddress, Resources resources, long durationSeconds) {
        if (providerAddress == null || resources == null) {
            throw new IllegalArgumentException("provider and resources are required");
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("resources must not all be zero");
        }
        Provider provider = chain.provider(providerAddress)
                .orElseThrow(() -> RefusedException.notFound("provider " + providerAddress));
        if (resources.gpuCount() > 0 && !GpuModels.offers(provider.capacity().gpuModel(), resources.gpuModel())) {
            throw new RefusedException(Refusal.GPU_MODEL_ABSENT, "provider " + providerAddress + " offers GPU models ["
                    + provider.capacity().gpuModel() + "], not " + resources.gpuModel());
        }
        if (!provider.capacity().covers(resources)) {
            throw new RefusedException(Refusal.INSUFFICIENT_CAPACITY, "provider " + providerAddress
                    + " does not offer these resources (or this GPU model)");
        }
        // Refused here rather than by a reverted transaction: the registry would refuse to reserve it.
        if (!provider.free().covers(resources)) {
            throw new RefusedException(Refusal.INSUFFICIENT_CAPACITY, "provider " + providerAddress
                    + " has not that much free now: its open orders reserve the rest");
        }
        return new Quote(providerAddress, resources, durationSeconds, provider.prices(),
                Pricing.cost(resources, provider.prices(), durationSeconds));
    }

    /**
     * Creates an order the user signed; 409 {@code COST_ABOVE_LIMIT} when the registry's prices now make it cost more
     * than the signed {@code maxCost} (the contract would revert it), 402 when the user's credits do not cover it.
     */
    public OrderView create(SignedOrder order) {
        if (order.user() == null) {
            throw new IllegalArgumentException("user is required");
        }
        if (order.maxCost() == null) {
            throw new IllegalArgumentException("maxCost is required: the cost of a quote, the most the user agrees to pay");
        }
        Quote quote = quote(order.provider(), order.resources(), order.durationSeconds());
        Resources r = order.resources();
        byte[] digest = signatures.createOrderDigest(order.user().value(), order.provider().value(), r.cpuMillicores(),
                r.memoryMib(), r.storageGib(), r.gpuCount(), order.durationSeconds(), order.maxCost(), order.nonce(),
                order.deadline());
        byte[] signed = relay.verify(order.user(), digest, order.signature(), order.nonce(),
                chain.marketNonce(order.user()), order.deadline());
        if (quote.cost().compareTo(order.maxCost()) > 0) {
            throw new RefusedException(Refusal.COST_ABOVE_LIMIT,
                    "the order costs " + quote.cost() + " at the provider's prices now, more than the signed maxCost "
                            + order.maxCost() + "; ask for a new quote and sign again");
        }
        BigInteger credits = chain.creditOf(order.user());
        if (credits.compareTo(quote.cost()) < 0) {
            throw new RefusedException(Refusal.INSUFFICIENT_CREDITS,
                    "the order costs " + quote.cost() + " but " + order.user() + " has " + credits + " credits");
        }
        TransactionReceipt receipt = relay.relay(order.user(), digest, "order_create", chain.contracts().market(),
                chain.market().createOrderFor(order.user().value(), order.provider().value(),
                        BigInteger.valueOf(r.cpuMillicores()), BigInteger.valueOf(r.memoryMib()),
                        BigInteger.valueOf(r.storageGib()), BigInteger.valueOf(r.gpuCount()),
                        BigInteger.valueOf(order.durationSeconds()), order.maxCost(), order.nonce(), order.deadline(),
                        signed)
                        .encodeFunctionCall());
        BigInteger id = createdOrderId(receipt);
        LogEvent.info(LOG, "order_created").with("order", id).with("user", order.user())
                .with("provider", order.provider()).with("cost", quote.cost()).log();
        return get(id);
    }

    /** The order as the market holds it now; 404 when the market does not know it. */
    public OrderView get(BigInteger id) {
        if (id == null || id.signum() <= 0) {
            throw RefusedException.notFound("order " + id);
        }
        Order order = refresh(id).orElseThrow(() -> RefusedException.notFound("order " + id));
        return OrderView.of(order, chain.now());
    }

    /** A user's orders, each read again from the market. */
    public List<OrderView> byUser(Address user) {
        return views(store.byUser(user));
    }

    /** A provider's orders, each read again from the market. */
    public List<OrderView> byProvider(Address provider) {
        return views(store.byProvider(provider));
    }

    /** Cancels an order the user signed the cancellation of; 403 for another user's order, 409 for a final one. */
    public OrderView cancel(BigInteger id, Address user, BigInteger nonce, BigInteger deadline, String signature) {
        if (user == null) {
            throw new IllegalArgumentException("user is required");
        }
        Order order = refresh(id).orElseThrow(() -> RefusedException.notFound("order " + id));
        byte[] digest = signatures.cancelOrderDigest(user.value(), id, nonce, deadline);
        byte[] signed = relay.verify(user, digest, signature, nonce, chain.marketNonce(user), deadline);
        if (!order.user().equals(user)) {
            throw new RefusedException(Refusal.NOT_ORDER_USER, "order " + id + " is not " + user + "'s");
        }
        if (order.state().isFinal()) {
            throw new RefusedException(Refusal.ORDER_NOT_OPEN, "order " + id + " is " + order.state());
        }
        relay.relay(user, digest, "order_cancel", chain.contracts().market(),
                chain.market().cancelOrderFor(user.value(), id, nonce, deadline, signed).encodeFunctionCall());
        LogEvent.info(LOG, "order_cancelled").with("order", id).with("user", user).log();
        return get(id);
    }

    /**
     * Reads an order from the market into the cache. When it has just become final, its end is taken from the
     * {@code OrderSettled} event (start + seconds served), so the split shown matches what the contract paid.
     */
    public Optional<Order> refresh(BigInteger id) {
        Optional<ChainOrder> read = chain.order(id);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        ChainOrder now = read.get();
        Optional<Order> cached = store.find(id);
        if (cached.isPresent() && cached.get().state() == now.state() && cached.get().settled() == now.settled()
                && Objects.equals(cached.get().startedAt(), now.startedAt())) {
            return cached;
        }
        Order order = cacheable(now, cached, chain.now());
        store.save(order);
        return Optional.of(order);
    }

    /**
     * Brings cached open orders up to date with the market in few calls: their states and starts are read with
     * {@code Market.orderStates}, 500 orders per {@code eth_call}, and only orders that
     * changed are written, in one database transaction. An order that completed ends at start + duration (what
     * {@code OrderSettled} records for a completion), so thousands of orders ended by one settlement batch are
     * recorded without one read each; a cancelled order's end is read from its {@code OrderSettled} event, as
     * {@link #refresh} does.
     *
     * @return the orders as they are now, in the order given; orders the market does not know are left out
     */
    public List<Order> refreshAll(List<Order> cached) {
        List<Order> current = new ArrayList<>(cached.size());
        List<Order> changed = new ArrayList<>();
        for (int from = 0; from < cached.size(); from += STATES_PER_CALL) {
            List<Order> chunk = cached.subList(from, Math.min(cached.size(), from + STATES_PER_CALL));
            List<ChainView.OrderStatus> statuses = chain.orderStates(chunk.stream().map(Order::id).toList());
            for (int i = 0; i < chunk.size(); i++) {
                Order before = chunk.get(i);
                ChainView.OrderStatus status = statuses.get(i);
                if (status.state() == null) {
                    continue; // the market does not know it (a cache of another market's orders)
                }
                if (status.state() == before.state() && Objects.equals(status.startedAt(), before.startedAt())) {
                    current.add(before);
                } else if (status.state() == OrderState.CANCELLED
                        || (status.state() == OrderState.COMPLETED && status.startedAt() == null)) {
                    refresh(before.id()).ifPresent(current::add); // reads the served seconds of its settlement
                } else {
                    // Only state and start change on chain; user, provider, resources, duration and cost do not.
                    Instant endedAt = status.state() == OrderState.COMPLETED
                            ? status.startedAt().plusSeconds(before.durationSeconds()) : null;
                    Order after = new Order(before.id(), before.user(), before.provider(), before.resources(),
                            before.durationSeconds(), before.cost(), status.state(), before.createdAt(),
                            status.startedAt(), endedAt, status.state().isFinal());
                    changed.add(after);
                    current.add(after);
                }
            }
        }
        store.saveAll(changed);
        return current;
    }

    /** Ids of the orders the market created that the cache does not know yet are read in; returns how many. */
    public int importNew() {
        String market = chain.contracts().market().value();
        long known = store.importedUpTo(market);
        long count = chain.orderCount();
        if (count <= known) {
            return 0;
        }
        // One clock read, one Market.getOrders call and one database transaction per chunk of 500, not per order:
        // a backlog of thousands of orders created directly on chain costs a few calls (a cancelled one adds the
        // read of its settlement, as refresh does).
        Instant chainTime = chain.now();
        int imported = 0;
        for (long from = known + 1; from <= count; from += STATES_PER_CALL) {
            List<BigInteger> ids = new ArrayList<>();
            for (long id = from; id <= Math.min(count, from + STATES_PER_CALL - 1); id++) {
                BigInteger orderId = BigInteger.valueOf(id);
                if (store.find(orderId).isEmpty()) {
                    ids.add(orderId);
                }
            }
            List<Order> chunk = new ArrayList<>();
            for (ChainOrder read : chain.orders(ids)) {
                chunk.add(cacheable(read, Optional.empty(), chainTime));
            }
            store.saveAll(chunk);
            imported += chunk.size();
        }
        store.importedUpTo(market, count);
        return imported;
    }

    /** The order to cache for what the market holds now, keeping what the cache knew of its creation and end. */
    private Order cacheable(ChainOrder now, Optional<Order> cached, Instant chainTime) {
        Instant createdAt = cached.map(Order::createdAt).orElse(now.startedAt() != null && now.startedAt().isBefore(chainTime)
                ? now.startedAt() : chainTime);
        Instant endedAt = null;
        if (now.state().isFinal()) {
            endedAt = cached.map(Order::endedAt).orElse(null);
            if (endedAt == null) {
                endedAt = endOf(now, chainTime);
            }
        }
        return new Order(now.id(), now.user(), now.provider(), now.resources(), now.durationSeconds(), now.cost(),
                now.state(), createdAt, now.startedAt(), endedAt, now.settled());
    }

    private Instant endOf(ChainOrder order, Instant chainTime) {
        if (order.startedAt() == null) {
            return chainTime;
        }
        long served = order.state() == OrderState.COMPLETED ? order.durationSeconds()
                : chain.servedSeconds(order.id()).orElse(order.durationSeconds());
        return order.startedAt().plusSeconds(served);
    }

    private List<OrderView> views(List<Order> cached) {
        Instant asOf = chain.now();
        return cached.stream().map(o -> o.state().isFinal() ? o : refresh(o.id()).orElse(o))
                .map(o -> OrderView.of(o, asOf)).toList();
    }

    private BigInteger createdOrderId(TransactionReceipt receipt) {
        for (Log log : receipt.getLogs()) {
            if (chain.contracts().market().value().equalsIgnoreCase(log.getAddress()) && log.getTopics().size() > 1
                    && ORDER_CREATED_TOPIC.equalsIgnoreCase(log.getTopics().get(0))) {
                return Numeric.toBigInt(log.getTopics().get(1));
            }
        }
        throw new IllegalStateException("the createOrderFor receipt " + receipt.getTransactionHash()
                + " holds no OrderCreated event");
    }
}
