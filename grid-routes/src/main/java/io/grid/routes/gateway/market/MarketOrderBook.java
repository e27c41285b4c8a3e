package io.grid.routes.gateway.market;

import static io.grid.routes.chain.ChainRpc.call;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.wrappers.Market;
import io.grid.contracts.wrappers.ProviderRegistry;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.routes.chain.ChainCall;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.tuples.generated.Tuple10;
import org.web3j.tuples.generated.Tuple11;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.exceptions.ContractCallException;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * {@link OrderBook} over the deployed Market and ProviderRegistry contracts, read with web3j's
 * generated wrappers. An order's creation time is not stored by the contract; it is the timestamp
 * of the block holding the order's {@code OrderCreated} event, looked up once and remembered.
 */
public class MarketOrderBook implements OrderBook {

    /** Gas for acceptOrder, completeOrder and refundOrder, with room over what they use (about 35k, 105k and 75k). */
    static final BigInteger CALL_GAS = BigInteger.valueOf(400_000);
    /** The GPU model of an order whose provider no longer tells one (deregistered). */
    static final String UNKNOWN_GPU_MODEL = "unknown";

    private static final OrderState[] CHAIN_STATES = {
        null, OrderState.CREATED, OrderState.ACTIVE, OrderState.COMPLETED, OrderState.CANCELLED};

    private final Web3j web3j;
    private final Market market;
    private final ProviderRegistry registry;
    private final Address marketAddress;
    private final Address registryAddress;
    private final Map<BigInteger, Instant> createdAt = new ConcurrentHashMap<>();

    /**
     * @param web3j           the chain node
     * @param marketAddress   the Market contract
     * @param registryAddress the ProviderRegistry contract
     */
    public MarketOrderBook(Web3j web3j, Address marketAddress, Address registryAddress) {
        this.web3j = web3j;
        this.marketAddress = marketAddress;
        this.registryAddress = registryAddress;
        ReadonlyTransactionManager reader = new ReadonlyTransactionManager(web3j, Address.ZERO.value());
        StaticGasProvider noGas = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
        this.market = Market.load(marketAddress.value(), web3j, reader, noGas);
        this.registry = ProviderRegistry.load(registryAddress.value(), web3j, reader, noGas);
    }

    @Override
    public Optional<Order> order(BigInteger orderId) {
        Tuple10<String, String, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger,
                BigInteger> o = call(() -> market.getOrder(orderId).send(), "getOrder");
        OrderState state = CHAIN_STATES[o.component9().intValueExact()];
        if (state == null) {
            return Optional.empty();
        }
        Address provider = Address.of(o.component2());
        long gpus = o.component6().longValueExact();
        Resources resources = new Resources(o.component3().longValueExact(), o.component4().longValueExact(),
                o.component5().longValueExact(), gpus, gpus > 0 ? gpuModelOf(provider) : "");
        Instant started = o.component8().signum() == 0 ? null : Instant.ofEpochSecond(o.component8().longValueExact());
        return Optional.of(new Order(orderId, Address.of(o.component1()), provider, resources,
                o.component7().longValueExact(), o.component10(), state, createdAt(orderId), started, null,
                state.isFinal()));
    }

    @Override
    public Provider provider(Address address) {
        Tuple11<String, String, String, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger,
                BigInteger, BigInteger> t = terms(address).orElseThrow(() -> new RefusedException(
                        Refusal.PROVIDER_NOT_REGISTERED,
                        "provider " + address + " is not registered on chain"));
        Resources capacity = new Resources(t.component4().longValueExact(), t.component5().longValueExact(),
                t.component6().longValueExact(), t.component7().longValueExact(), t.component3());
        UnitPrices prices = new UnitPrices(t.component8(), t.component9(), t.component10(), t.component11());
        return new Provider(address, t.component1(), t.component2(), capacity, prices, true);
    }

    @Override
    public Instant now() {
        return Instant.ofEpochSecond(call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                .send().getBlock().getTimestamp(), "eth_getBlockByNumber").longValueExact());
    }

    @Override
    public ChainCall acceptCall(BigInteger orderId) {
        return new ChainCall(marketAddress, market.acceptOrder(orderId).encodeFunctionCall(), CALL_GAS);
    }

    @Override
    public ChainCall completeCall(BigInteger orderId) {
        return new ChainCall(marketAddress, market.completeOrder(orderId).encodeFunctionCall(), CALL_GAS);
    }

    @Override
    public boolean stillNeeded(ChainCall call) {
        String completeSelector = market.completeOrder(BigInteger.ZERO).encodeFunctionCall().substring(0, 10);
        if (!call.to().equals(marketAddress) || !call.data().startsWith(completeSelector)
                || call.data().length() != 10 + 64) {
            return true;
        }
        BigInteger orderId = Numeric.toBigInt(call.data().substring(10));
        List<BigInteger> state = call(() -> market.orderStates(List.of(orderId)).send(), "orderStates").component1();
        return CHAIN_STATES[state.get(0).intValueExact()] == OrderState.ACTIVE;
    }

    @Override
    public ChainCall refundCall(BigInteger orderId) {
        return new ChainCall(marketAddress, market.refundOrder(orderId).encodeFunctionCall(), CALL_GAS);
    }

    @Override
    public ChainCall updateTermsCall(Provider terms) {
        Resources c = terms.capacity();
        UnitPrices p = terms.prices();
        return new ChainCall(registryAddress, registry.update(terms.name(), terms.gatewayUrl(), c.gpuModel(),
                BigInteger.valueOf(c.cpuMillicores()), BigInteger.valueOf(c.memoryMib()), BigInteger.valueOf(c.storageGib()),
                BigInteger.valueOf(c.gpuCount()), p.perCpuMillicore(), p.perMemoryMib(), p.perStorageGib(), p.perGpu())
                .encodeFunctionCall(), CALL_GAS);
    }

    private String gpuModelOf(Address provider) {
        return terms(provider).map(Tuple11::component3).filter(m -> !m.isBlank()).orElse(UNKNOWN_GPU_MODEL);
    }

    private Optional<Tuple11<String, String, String, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger,
            BigInteger, BigInteger, BigInteger>> terms(Address provider) {
        try {
            return Optional.of(call(() -> registry.getProvider(provider.value()).send(), "getProvider"));
        } catch (ContractCallException notRegistered) {
            // getProvider reverts with NotRegistered for an unknown provider.
            return Optional.empty();
        }
    }

    private Instant createdAt(BigInteger orderId) {
        Instant known = createdAt.get(orderId);
        if (known != null) {
            return known;
        }
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                marketAddress.value())
                .addSingleTopic(EventEncoder.encode(Market.ORDERCREATED_EVENT))
                .addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(orderId, 64));
        List<EthLog.LogResult> logs = call(() -> web3j.ethGetLogs(filter).send().getLogs(), "eth_getLogs");
        if (logs.isEmpty()) {
            // A node that pruned old logs: the order cannot be older than the chain's present.
            return now();
        }
        EthLog.LogObject log = (EthLog.LogObject) logs.get(0).get();
        Instant at = Instant.ofEpochSecond(call(() -> web3j.ethGetBlockByHash(log.getBlockHash(), false).send()
                .getBlock().getTimestamp(), "eth_getBlockByHash").longValueExact());
        createdAt.put(orderId, at);
        return at;
    }
}
