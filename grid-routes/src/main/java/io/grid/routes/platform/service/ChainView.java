package io.grid.routes.platform.service;

import static io.grid.routes.chain.ChainRpc.answered;
import static io.grid.routes.chain.ChainRpc.call;

import io.grid.api.Address;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.wrappers.Market;
import io.grid.contracts.wrappers.ProviderRegistry;
import io.grid.routes.chain.ChainUnavailableException;
import io.grid.core.log.LogEvent;
import io.grid.routes.platform.ContractAddresses;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * What the platform reads from the chain: the registry's providers and nonces, the market's orders, credits and
 * nonces, and the chain's own clock. The chain is the source of truth; the stores only cache what is read here.
 * Every read that cannot reach the node throws {@link ChainUnavailableException}.
 */
public class ChainView {

    private static final Logger LOG = LoggerFactory.getLogger(ChainView.class);
    private static final int PAGE = 100;
    private static final String SETTLED_TOPIC = EventEncoder.encode(Market.ORDERSETTLED_EVENT);

    private final Web3j web3j;
    private final ContractAddresses contracts;
    private final ProviderRegistry registry;
    private final Market market;
    private final long logStartBlock;

    /**
     * @param web3j         the chain node
     * @param contracts     where the contracts are
     * @param caller        the account reads are made from (the platform's)
     * @param logStartBlock first block searched for settlement events
     */
    @SuppressWarnings("deprecation") // DefaultGasProvider is never used: these wrappers only read.
    public ChainView(Web3j web3j, ContractAddresses contracts, Address caller, long logStartBlock) {
        this.web3j = web3j;
        this.contracts = contracts;
        ReadonlyTransactionManager readOnly = new ReadonlyTransactionManager(web3j, caller.value());
        this.registry = ProviderRegistry.load(contracts.registry().value(), web3j, readOnly, new DefaultGasProvider());
        this.market = Market.load(contracts.market().value(), web3j, readOnly, new DefaultGasProvider());
        this.logStartBlock = logStartBlock;
    }

    /** The contracts this view reads. */
    public ContractAddresses contracts() {
        return contracts;
    }

    /** The registry wrapper, for encoding relayed calls. */
    public ProviderRegistry registry() {
        return registry;
    }

    /** The market wrapper, for encoding relayed calls. */
    public Market market() {
        return market;
    }

    /** The timestamp of the latest block: the clock the contracts check deadlines and order ends against. */
    public Instant now() {
        return Instant.ofEpochSecond(call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                .send().getBlock().getTimestamp(), "eth_getBlockByNumber").longValueExact());
    }

    /**
     * The registered provider at {@code address}, if it is registered now, with what its open orders leave free
     * (the registry's capacity less its {@code reservedOf}).
     */
    public Optional<Provider> provider(Address address) {
        if (!call(() -> registry.isRegistered(address.value()).send(), "isRegistered")) {
            return Optional.empty();
        }
        var terms = call(() -> registry.getProvider(address.value()).send(), "getProvider");
        var reserved = call(() -> registry.reservedOf(address.value()).send(), "reservedOf");
        try {
            Resources capacity = new Resources(terms.component4().longValueExact(), terms.component5().longValueExact(),
                    terms.component6().longValueExact(), terms.component7().longValueExact(), terms.component3());
            return Optional.of(new Provider(address, terms.component1(), terms.component2(), capacity,
                    new UnitPrices(terms.component8(), terms.component9(), terms.component10(), terms.component11()),
                    true).withReserved(new Resources(reserved.component1().longValueExact(),
                    reserved.component2().longValueExact(), reserved.component3().longValueExact(),
                    reserved.component4().longValueExact(), capacity.gpuModel())));
        } catch (IllegalArgumentException | ArithmeticException e) {
            // The registry accepts terms our model refuses (e.g. a non-http URL); such a provider is not offered.
            LogEvent.warn(LOG, "provider_unreadable").with("provider", address).with("error", e.getMessage()).log();
            return Optional.empty();
        }
    }

    /** The addresses of every registered provider, in registry order. */
    public List<Address> providerAddresses() {
        long count = call(() -> registry.providerCount().send(), "providerCount").longValueExact();
        List<Address> result = new ArrayList<>();
        for (long offset = 0; offset < count; offset += PAGE) {
            long from = offset;
            List<?> page = call(() -> registry.listProviders(BigInteger.valueOf(from), BigInteger.valueOf(PAGE))
                    .send(), "listProviders");
            for (Object entry : page) {
                result.add(Address.of(entry.toString()));
            }
        }
        return result;
    }

    /** The provider's current registry nonce, which its next signed change must carry. */
    public BigInteger registryNonce(Address provider) {
        return call(() -> registry.nonces(provider.value()).send(), "registry.nonces");
    }

    /** The user's current market nonce, which the next signed order or cancellation must carry. */
    public BigInteger marketNonce(Address user) {
        return call(() -> market.nonces(user.value()).send(), "market.nonces");
    }

    /** The user's free credits on the market. */
    public BigInteger creditOf(Address user) {
        return call(() -> market.creditOf(user.value()).send(), "creditOf");
    }

    /** What the user's unsettled orders hold in escrow, as the market keeps it per user. */
    public BigInteger escrowOf(Address user) {
        return call(() -> market.escrowOf(user.value()).send(), "escrowOf");
    }

    /**
     * The state and start of an order as {@code Market.orderStates} reports them.
     *
     * @param id        the order
     * @param state     its state, null when the market does not know it
     * @param startedAt when service started, null before acceptance
     */
    public record OrderStatus(BigInteger id, OrderState state, Instant startedAt) {
    }

    /** State and start of each of {@code ids}, in their order, in one {@code eth_call}. */
    public List<OrderStatus> orderStates(List<BigInteger> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var answer = call(() -> market.orderStates(ids).send(), "orderStates");
        List<BigInteger> states = answer.component1();
        List<BigInteger> starts = answer.component2();
        if (states.size() != ids.size() || starts.size() != ids.size()) {
            throw new IllegalStateException("orderStates answered " + states.size() + " states for " + ids.size()
                    + " orders");
        }
        List<OrderStatus> result = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            long start = starts.get(i).longValueExact();
            result.add(new OrderStatus(ids.get(i), stateOf(states.get(i)),
                    start == 0 ? null : Instant.ofEpochSecond(start)));
        }
        return result;
    }

    /** The provider's earnings not withdrawn yet. */
    public BigInteger earningsOf(Address provider) {
        return call(() -> market.earningsOf(provider.value()).send(), "earningsOf");
    }

    /** How many orders the market ever created; ids run from 1 to this. */
    public long orderCount() {
        return call(() -> market.orderCount().send(), "orderCount").longValueExact();
    }

    /** The order with this id, if the market knows it. */
    public Optional<ChainOrder> order(BigInteger id) {
        var o = call(() -> market.getOrder(id).send(), "getOrder");
        OrderState state = stateOf(o.component9());
        if (state == null) {
            return Optional.empty();
        }
        long startedAt = o.component8().longValueExact();
        return Optional.of(new ChainOrder(id, Address.of(o.component1()), Address.of(o.component2()),
                new Resources(o.component3().longValueExact(), o.component4().longValueExact(),
                        o.component5().longValueExact(), o.component6().longValueExact(), gpuModelOf(o)),
                o.component7().longValueExact(), startedAt == 0 ? null : Instant.ofEpochSecond(startedAt), state,
                o.component10()));
    }

    /**
     * Many orders in one {@code eth_call} ({@code Market.getOrders}), in the order given; unknown ids are left out.
     * The GPU model of orders with GPUs is read once per provider of the batch.
     */
    public List<ChainOrder> orders(List<BigInteger> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // web3j 5's generic decoder takes milliseconds per element of a dynamic array (reflection per value): the
        // answer, ten arrays of static values, is read word by word here instead.
        String data = market.getOrders(ids).encodeFunctionCall();
        var answer = call(() -> web3j.ethCall(org.web3j.protocol.core.methods.request.Transaction
                .createEthCallTransaction(null, contracts.market().value(), data), DefaultBlockParameterName.LATEST)
                .send(), "getOrders");
        if (answer.hasError()) {
            throw new ChainUnavailableException("getOrders answered an error: " + answer.getError().getMessage(), null);
        }
        OrderColumns o = new OrderColumns(Numeric.hexStringToByteArray(answer.getValue()), ids.size());
        java.util.Map<Address, String> gpuModels = new java.util.HashMap<>();
        List<ChainOrder> result = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            OrderState state = stateOf(o.value(8, i));
            if (state == null) {
                continue;
            }
            Address provider = o.address(1, i);
            long gpus = o.value(5, i).longValueExact();
            String gpuModel = gpus == 0 ? "" : gpuModels.computeIfAbsent(provider, p -> {
                String model = provider(p).map(known -> known.capacity().gpuModel()).orElse("");
                return model.isEmpty() ? "unknown" : model;
            });
            long startedAt = o.value(7, i).longValueExact();
            result.add(new ChainOrder(ids.get(i), o.address(0, i), provider,
                    new Resources(o.value(2, i).longValueExact(), o.value(3, i).longValueExact(),
                            o.value(4, i).longValueExact(), gpus, gpuModel),
                    o.value(6, i).longValueExact(), startedAt == 0 ? null : Instant.ofEpochSecond(startedAt),
                    state, o.value(9, i)));
        }
        return result;
    }

    /** The ABI answer of {@code getOrders}: ten dynamic arrays of static values (one column per order field). */
    private static final class OrderColumns {

        private final byte[] data;
        private final int[] starts;

        OrderColumns(byte[] data, int rows) {
            this.data = data;
            this.starts = new int[10];
            for (int column = 0; column < 10; column++) {
                int offset = word(column * 32).intValueExact();
                if (word(offset).intValueExact() != rows) {
                    throw new IllegalStateException("getOrders answered a column of " + word(offset) + " for " + rows);
                }
                starts[column] = offset + 32;
            }
        }

        BigInteger value(int column, int row) {
            return word(starts[column] + row * 32);
        }

        Address address(int column, int row) {
            return Address.of(Numeric.toHexStringWithPrefixZeroPadded(value(column, row), 40));
        }

        private BigInteger word(int at) {
            if (at < 0 || at + 32 > data.length) {
                throw new IllegalStateException("getOrders answered too little data");
            }
            return new BigInteger(1, java.util.Arrays.copyOfRange(data, at, at + 32));
        }
    }

    /** Seconds served as recorded by the order's {@code OrderSettled} event, if it was settled. */
    public Optional<Long> servedSeconds(BigInteger orderId) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(logStartBlock)),
                DefaultBlockParameterName.LATEST, contracts.market().value());
        filter.addSingleTopic(SETTLED_TOPIC);
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(orderId, 64));
        EthLog logs = answered(call(() -> web3j.ethGetLogs(filter).send(), "eth_getLogs"), "eth_getLogs");
        for (EthLog.LogResult<?> item : logs.getLogs()) {
            if (item.get() instanceof Log log && !log.isRemoved()) {
                @SuppressWarnings({"rawtypes", "unchecked"})
                List<Type> values = FunctionReturnDecoder.decode(log.getData(), (List) List.of(
                        new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
                        new TypeReference<Uint64>() { }));
                return Optional.of(((BigInteger) values.get(2).getValue()).longValueExact());
            }
        }
        return Optional.empty();
    }

    /** The market's {@code OrderState} enum value; null for None (an order the market does not know). */
    private static OrderState stateOf(BigInteger value) {
        return switch (value.intValueExact()) {
            case 0 -> null;
            case 1 -> OrderState.CREATED;
            case 2 -> OrderState.ACTIVE;
            case 3 -> OrderState.COMPLETED;
            case 4 -> OrderState.CANCELLED;
            default -> throw new IllegalStateException("the market answered unknown order state " + value);
        };
    }

    private String gpuModelOf(org.web3j.tuples.generated.Tuple10<String, String, BigInteger, BigInteger,
            BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger> order) {
        if (order.component6().signum() == 0) {
            return "";
        }
        // The market records GPU counts only; the model is the provider's, as registered.
        Address provider = Address.of(order.component2());
        String model = provider(provider).map(p -> p.capacity().gpuModel()).orElse("");
        return model.isEmpty() ? "unknown" : model;
    }
}
