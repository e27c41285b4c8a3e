package io.grid.routes.platform;

import io.grid.api.Address;
import io.grid.api.Problem;
import io.grid.core.order.IllegalOrderTransitionException;
import io.grid.routes.chain.ChainBinding;
import io.grid.routes.chain.ChainDescriptionRoutes;
import io.grid.routes.chain.ChainDescriptions;
import io.grid.routes.chain.ChainIdentity;
import io.grid.routes.chain.ChainMismatchException;
import io.grid.routes.chain.ChainUnavailableException;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.jobs.OrderLifecycle;
import io.grid.routes.platform.jobs.PlatformJobRoutes;
import io.grid.routes.platform.rest.PlatformRestRoutes;
import io.grid.routes.platform.rest.PlatformSigningRoutes;
import io.grid.routes.platform.service.ChainView;
import io.grid.routes.platform.service.Credits;
import io.grid.routes.platform.service.GatewayProbes;
import io.grid.routes.platform.service.WhyNot;
import io.grid.routes.platform.service.Orders;
import io.grid.routes.platform.service.PlatformHealth;
import io.grid.routes.platform.service.Providers;
import io.grid.routes.platform.service.SignableActions;
import io.grid.routes.platform.service.SignedRelay;
import io.grid.routes.platform.service.Transfers;
import io.grid.routes.platform.store.GatewayProbeStore;
import io.grid.routes.platform.store.OrderSettlementStore;
import io.grid.routes.platform.store.OrderStore;
import io.grid.routes.platform.store.PlatformSchema;
import io.grid.routes.platform.store.ProviderStore;
import io.grid.routes.platform.store.RequestNonceStore;
import io.grid.routes.platform.store.TransferStore;
import io.grid.routes.platform.transfers.TransferConfirmations;
import io.grid.routes.store.StoreException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The platform wired in plain Java: give it the database, the chain node, the contract addresses, the platform
 * account and the settings, and add its routes to a Camel context. The Spring Boot starter creates the same
 * objects as beans; nothing here needs Spring.
 *
 * <p>Creating it migrates the database schema and checks that the database was made for the node's chain. Closing it stops the outbox; the Camel context is the caller's.
 */
public class PlatformAssembly implements AutoCloseable {

    private final Json json;
    private final Problems problems;
    private final TransactionOutbox outbox;
    private final TransferConfirmations confirmations;
    private final ChainView chain;
    private final Providers providers;
    private final Orders orders;
    private final Transfers transfers;
    private final Credits credits;
    private final PlatformHealth health;
    private final OrderLifecycle lifecycle;
    private final GatewayProbes probes;
    private final WhyNot whyNot;
    private final PlatformRestRoutes restRoutes;
    private final PlatformJobRoutes jobRoutes;
    private final PlatformSigningRoutes signingRoutes;
    private final ChainDescriptionRoutes chainRoutes;

    /**
     * @param dataSource the platform database (Derby or PostgreSQL)
     * @param web3j      the chain node
     * @param rpcUrl     the node's JSON-RPC URL, for the camel-web3j health read
     * @param contracts  where the contracts are
     * @param platform   the platform account: holds the PLATFORM role, signs every relayed transaction
     * @param settings   the settings
     * @param clock      time source of the stores and the outbox
     */
    public PlatformAssembly(DataSource dataSource, Web3j web3j, String rpcUrl, ContractAddresses contracts,
                            Credentials platform, PlatformSettings settings, Clock clock) {
        this(dataSource, web3j, rpcUrl, contracts, platform, settings, WalletSettings.defaults(), clock);
    }

    /**
     * The platform with its own JSON and problem mapping, for a Camel context without Spring.
     *
     * @param wallets what {@code GET /chain} publishes and how long typed data to sign stays valid
     */
    public PlatformAssembly(DataSource dataSource, Web3j web3j, String rpcUrl, ContractAddresses contracts,
                            Credentials platform, PlatformSettings settings, WalletSettings wallets, Clock clock) {
        this(dataSource, web3j, rpcUrl, contracts, platform, settings, wallets, clock, new Json());
    }

    private PlatformAssembly(DataSource dataSource, Web3j web3j, String rpcUrl, ContractAddresses contracts,
                             Credentials platform, PlatformSettings settings, WalletSettings wallets, Clock clock,
                             Json json) {
        this(dataSource, web3j, rpcUrl, contracts, platform, settings, wallets, clock, json, new Problems(json),
                ChainBinding.OnMismatch.FAIL);
    }

    /**
     * The platform over the application's shared JSON mapping and problem mapping: mappings registered on
     * {@code problems}, before or after, reach the platform's routes; the platform adds its own defaults
     * ({@link Problems#registerIfAbsent}) without replacing any.
     *
     * <p>The database is migrated and bound to the node's chain ({@link ChainBinding}): a database made for
     * another chain stops the start with {@link ChainMismatchException}, or is emptied when
     * {@code onChainMismatch} is {@link ChainBinding.OnMismatch#RESET}.
     *
     * @param wallets         what {@code GET /chain} publishes and how long typed data to sign stays valid
     * @param json            the JSON mapping of request and response bodies
     * @param problems        the problem+json mapping every route shares
     * @param onChainMismatch what to do when the database was made for another chain
     */
    public PlatformAssembly(DataSource dataSource, Web3j web3j, String rpcUrl, ContractAddresses contracts,
                            Credentials platform, PlatformSettings settings, WalletSettings wallets, Clock clock,
                            Json json, Problems problems, ChainBinding.OnMismatch onChainMismatch) {
        this.json = json;
        this.problems = problems;
        PlatformSchema.prepare(dataSource, ChainIdentity.of(web3j), onChainMismatch, clock);
        ChainOutbox outboxTable = new ChainOutbox(dataSource, clock);
        TransferStore transferStore = new TransferStore(dataSource, clock);
        OrderStore orderStore = new OrderStore(dataSource);
        this.outbox = new TransactionOutbox(outboxTable, web3j, platform, settings.chainId(), settings.outbox(), clock);
        this.confirmations = new TransferConfirmations(dataSource, transferStore, web3j, outbox, contracts.token(),
                contracts.market(), settings.confirmations());
        this.chain = new ChainView(web3j, contracts, Address.of(platform.getAddress()), settings.logStartBlock());
        SignedRelay relay = new SignedRelay(chain, outbox, new RequestNonceStore(dataSource, clock),
                settings.relayGasLimit(), settings.relayWait());
        this.providers = new Providers(chain, relay, new ProviderStore(dataSource, clock), settings.chainId(),
                settings.providerCacheTtl(), clock);
        this.orders = new Orders(chain, relay, orderStore, settings.chainId());
        this.transfers = new Transfers(confirmations, transferStore);
        this.credits = new Credits(confirmations, transferStore, outbox, chain, relay, settings.chainId());
        this.health = new PlatformHealth(dataSource, outbox, clock);
        this.lifecycle = new OrderLifecycle(dataSource, orders, orderStore, chain, outbox,
                new OrderSettlementStore(clock), settings.settlementBatchSize());
        this.probes = new GatewayProbes(providers, new GatewayProbeStore(dataSource), settings.gatewayProbe(), clock);
        this.whyNot = new WhyNot(providers, probes);
        problems.registerIfAbsent(ChainUnavailableException.class, e -> Problem.of(503, "Chain unavailable",
                "CHAIN_UNAVAILABLE", "the chain node cannot be reached; try again later"));
        problems.registerIfAbsent(StoreException.class, e -> Problem.of(503, "Database unavailable",
                "DATABASE_UNAVAILABLE", "the platform database cannot be reached; try again later"));
        problems.registerIfAbsent(IllegalOrderTransitionException.class, e -> Problem.of(409, "Conflict",
                "ILLEGAL_ORDER_TRANSITION", e.getMessage()));
        this.restRoutes = new PlatformRestRoutes(json, problems, settings, rpcUrl, providers, orders, transfers,
                credits, health, probes, whyNot);
        this.jobRoutes = new PlatformJobRoutes(json, problems, confirmations, lifecycle, outbox, settings, probes);
        this.signingRoutes = new PlatformSigningRoutes(json, problems,
                new SignableActions(chain, orders, settings.chainId(), wallets.signatureTtl()), credits);
        this.chainRoutes = new ChainDescriptionRoutes(json, problems, new ChainDescriptions(web3j, settings.chainId(),
                contracts.token(), contracts.registry(), contracts.market(), settings.confirmations().confirmations(),
                wallets.publicRpcUrl()), "platform");
    }

    /**
     * Makes this platform one replica of several over the same database (call before its routes are added):
     * the outbox signs only while {@code clustering}'s fence holds, the confirmation poller runs on the leader
     * only, and the scheduled jobs use the clustered job store when one is given.
     */
    public PlatformAssembly clustered(PlatformClustering clustering) {
        PlatformClustering given = clustering == null ? PlatformClustering.singleNode() : clustering;
        outbox.fenceWith(given.fence());
        jobRoutes.clustered(given);
        return this;
    }

    /** The HTTP API and the scheduled jobs, for a Camel context (or a Spring context that collects RoutesBuilders). */
    public List<RoutesBuilder> routes() {
        return List.of(restRoutes, signingRoutes, chainRoutes, jobRoutes);
    }

    /** The HTTP API's routes. */
    public PlatformRestRoutes restRoutes() {
        return restRoutes;
    }

    /** {@code POST /typed-data/{action}} and the relayed credit withdrawal. */
    public PlatformSigningRoutes signingRoutes() {
        return signingRoutes;
    }

    /** {@code GET /chain}. */
    public ChainDescriptionRoutes chainRoutes() {
        return chainRoutes;
    }

    /** The scheduled jobs' routes. */
    public PlatformJobRoutes jobRoutes() {
        return jobRoutes;
    }

    /** Adds {@link #routes()} to {@code camel}. */
    public void addRoutesTo(CamelContext camel) throws Exception {
        for (RoutesBuilder builder : routes()) {
            camel.addRoutes(builder);
        }
    }

    /** The transaction outbox of the platform account. */
    public TransactionOutbox outbox() {
        return outbox;
    }

    /** Transfer confirmation (report, poll). */
    public TransferConfirmations confirmations() {
        return confirmations;
    }

    /** Chain reads. */
    public ChainView chain() {
        return chain;
    }

    /** The provider directory. */
    public Providers providers() {
        return providers;
    }

    /** Orders. */
    public Orders orders() {
        return orders;
    }

    /** Reported transfers. */
    public Transfers transfers() {
        return transfers;
    }

    /** Credits. */
    public Credits credits() {
        return credits;
    }

    /** Health. */
    public PlatformHealth health() {
        return health;
    }

    /** The order lifecycle job's pass. */
    public OrderLifecycle lifecycle() {
        return lifecycle;
    }

    /** The health probes of the providers' gateways. */
    public GatewayProbes probes() {
        return probes;
    }

    /** "Why not" for every provider. */
    public WhyNot whyNot() {
        return whyNot;
    }

    /** The problem mapping of the platform's routes, for integrators who add their own exception types. */
    public Problems problems() {
        return problems;
    }

    @Override
    public void close() {
        outbox.close();
    }
}
