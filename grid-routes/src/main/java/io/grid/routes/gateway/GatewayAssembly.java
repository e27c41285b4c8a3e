package io.grid.routes.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.routes.gateway.kube.InventoryDriftRoutes;
import io.grid.routes.gateway.kube.LiveInventory;
import io.grid.routes.gateway.kube.RegistrationDrift;
import io.grid.core.cookie.CookieCodec;
import io.grid.core.fetch.UrlPolicy;
import io.grid.core.signin.NonceBook;
import io.grid.core.workload.YamlPolicy;
import io.grid.routes.chain.ChainBinding;
import io.grid.routes.chain.ChainDescriptionRoutes;
import io.grid.routes.chain.ChainDescriptions;
import io.grid.routes.chain.ChainIdentity;
import io.grid.routes.gateway.access.GatewayProxy;
import io.grid.routes.gateway.access.OrderProxyAccess;
import io.grid.routes.gateway.deploy.AppCatalog;
import io.grid.routes.gateway.deploy.AppDeployments;
import io.grid.routes.gateway.deploy.GatewayDeployRoutes;
import io.grid.routes.gateway.deploy.YamlSource;
import io.grid.routes.gateway.fetch.YamlFetcher;
import io.grid.routes.gateway.greet.GatewayGreetRoutes;
import io.grid.routes.gateway.greet.Greeter;
import io.grid.routes.gateway.kube.EntranceResolver;
import io.grid.routes.gateway.kube.WorkloadDeployer;
import io.grid.routes.gateway.lifecycle.OrderLifecycle;
import io.grid.routes.gateway.lifecycle.OrderLifecycleRoutes;
import io.grid.routes.gateway.logs.AppLogs;
import io.grid.routes.gateway.logs.GatewayLogRoutes;
import io.grid.routes.gateway.logs.RetainedLogs;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.proxy.ProxyAccess;
import io.grid.routes.gateway.proxy.ProxyServer;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.GatewaySchema;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.gateway.tls.ServerTls;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.outbox.TransactionOutbox;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * A provider's gateway wired in plain Java, in the platform's shape ({@code PlatformAssembly}): give it its
 * {@link GatewaySettings} and the few parts that are genuinely the host's (the gateway's database, the chain node
 * and its order book, the provider's key, the Kubernetes cluster, the cookie key; optionally where YAML is read
 * from, the app catalog, TLS and the clock) and add its routes and reverse proxy to a Camel context. The Spring Boot
 * starter publishes the same objects as beans; nothing here needs Spring.
 *
 * <p>Building it migrates the gateway's schema and checks that the database was made for the node's chain. {@link
 * #start()} starts the outbox's background passes; {@link #close()} stops them and the log streams. The Camel
 * context is the caller's.
 */
public class GatewayAssembly implements AutoCloseable {

    private final GatewaySettings settings;
    private final Json json;
    private final Problems problems;
    private final TransactionOutbox outbox;
    private final OrderBook book;
    private final LocalOrders orders;
    private final Sessions sessions;
    private final Greeter greeter;
    private final WorkloadDeployer deployer;
    private final YamlSource yamlSource;
    private final AppCatalog catalog;
    private final AppDeployments deployments;
    private final AppLogs logs;
    private final GatewayProxy proxy;
    private final GatewayRestConfiguration restConfiguration;
    private final GatewayGreetRoutes greetRoutes;
    private final GatewayDeployRoutes deployRoutes;
    private final GatewayLogRoutes logRoutes;
    private final OrderLifecycleRoutes lifecycleRoutes;
    private final RegistrationDrift drift;
    private final InventoryDriftRoutes driftRoutes;
    private final ChainDescriptionRoutes chainRoutes;

    private GatewayAssembly(Builder parts) {
        settings = parts.settings;
        json = parts.json;
        problems = parts.problems;
        Clock clock = parts.clock;
        GatewaySchema.prepare(parts.dataSource, ChainIdentity.of(parts.web3j), parts.onChainMismatch, clock);
        outbox = new TransactionOutbox(new ChainOutbox(parts.dataSource, clock), parts.web3j, parts.provider,
                settings.chainId(), settings.outbox(), clock);
        book = parts.book;
        orders = new LocalOrders(parts.dataSource);
        // Secure when users reach the gateway over https, or when it serves TLS itself.
        sessions = new Sessions(parts.cookies, settings.cookieName(), settings.secure() || parts.tls != null);
        greeter = new Greeter(settings, book, orders, outbox,
                new NonceBook(settings.nonceTtl(), settings.nonceCapacity(), new SecureRandom()), sessions, clock,
                parts.liveInventory ? new LiveInventory(parts.kubernetes) : null);
        deployer = new WorkloadDeployer(parts.kubernetes, parts.entrances, settings.readinessTimeout());
        yamlSource = parts.yamlSource != null ? parts.yamlSource : YamlSource.of(new YamlFetcher(UrlPolicy.strict(),
                settings.yamlLimits(), settings.yamlConnectTimeout(), clock));
        catalog = parts.catalog;
        // A cluster that refuses an order's app (403) gets the order refunded in full through the outbox.
        deployments = new AppDeployments(book, orders, sessions, yamlSource, catalog, new YamlPolicy(), deployer,
                clock, outbox, settings.acceptTimeout());
        logs = new AppLogs(parts.kubernetes, orders, sessions, new RetainedLogs(parts.dataSource,
                settings.logRetention(), settings.retainedLogChars(), parts.retentionClock), clock);
        ProxyAccess access = parts.proxyAccess.apply(new OrderProxyAccess(sessions, orders));
        proxy = new GatewayProxy(new ProxyServer(settings.proxy(), access, clock, parts.tls),
                new InetSocketAddress(settings.proxyHost(), settings.proxyPort()));
        restConfiguration = new GatewayRestConfiguration(settings.host(), settings.port(), parts.tls);
        greetRoutes = new GatewayGreetRoutes(json, problems, greeter);
        deployRoutes = new GatewayDeployRoutes(json, problems, deployments);
        logRoutes = new GatewayLogRoutes(json, problems, logs);
        lifecycleRoutes = new OrderLifecycleRoutes(new OrderLifecycle(book, orders, outbox, deployer,
                settings.settleGrace(), logs), settings.lifecyclePeriod());
        drift = new RegistrationDrift(new LiveInventory(parts.kubernetes), book, outbox, parts.dataSource,
                settings.allocatable(), parts.minRegistrationUpdateInterval, clock);
        driftRoutes = parts.driftCheckInterval == null ? null : new InventoryDriftRoutes(drift, parts.driftCheckInterval);
        chainRoutes = parts.chain == null ? null
                : new ChainDescriptionRoutes(json, problems, parts.chain, "gateway");
    }

    /** Starts building a gateway configured by {@code settings}. */
    public static Builder builder(GatewaySettings settings) {
        return new Builder(settings);
    }

    /** Starts the outbox's background passes (re-sending whatever a previous run left open). */
    public void start() {
        outbox.start();
    }

    /**
     * Every route of the gateway: where the REST routes listen, greet, deploy, logs, the lifecycle job, and
     * {@code GET /chain} when {@link Builder#chainDescriptions chain descriptions} were given.
     */
    public List<RoutesBuilder> routes() {
        List<RoutesBuilder> routes = new ArrayList<>(List.of(restConfiguration, greetRoutes, deployRoutes, logRoutes,
                lifecycleRoutes));
        if (driftRoutes != null) {
            routes.add(driftRoutes);
        }
        if (chainRoutes != null) {
            routes.add(chainRoutes);
        }
        return routes;
    }

    /** Adds {@link #routes()} and the reverse proxy (a service that starts and stops with it) to {@code camel}. */
    public void addTo(CamelContext camel) throws Exception {
        for (RoutesBuilder builder : routes()) {
            camel.addRoutes(builder);
        }
        camel.addService(proxy);
    }

    /** The settings it was built with. */
    public GatewaySettings settings() {
        return settings;
    }

    /** Chain writes with the provider's key (acceptOrder, completeOrder), stored before they are sent. */
    public TransactionOutbox outbox() {
        return outbox;
    }

    /** Orders and provider terms as the chain has them. */
    public OrderBook book() {
        return book;
    }

    /** The gateway's own order store. */
    public LocalOrders orders() {
        return orders;
    }

    /** Session cookies. */
    public Sessions sessions() {
        return sessions;
    }

    /** Greet 0, 1 and 2. */
    public Greeter greeter() {
        return greeter;
    }

    /** Deploys and tears down orders' apps on the cluster. */
    public WorkloadDeployer deployer() {
        return deployer;
    }

    /** Where a deploy's YAML URL is read from. */
    public YamlSource yamlSource() {
        return yamlSource;
    }

    /** The app catalog users may pick from. */
    public AppCatalog catalog() {
        return catalog;
    }

    /** Deploy, status, redeploy, undeploy. */
    public AppDeployments deployments() {
        return deployments;
    }

    /** Logs and events of each order's app, kept after teardown. */
    public AppLogs logs() {
        return logs;
    }

    /** The reverse proxy to each order's app; started by the Camel context of {@link #addTo}, or by the caller. */
    public GatewayProxy proxy() {
        return proxy;
    }

    /** Where the REST routes listen (shared with the platform's when both run), over TLS when given. */
    public GatewayRestConfiguration restConfiguration() {
        return restConfiguration;
    }

    /** Greet routes. */
    public GatewayGreetRoutes greetRoutes() {
        return greetRoutes;
    }

    /** Deploy, status, redeploy, undeploy, catalog routes. */
    public GatewayDeployRoutes deployRoutes() {
        return deployRoutes;
    }

    /** App logs and events routes. */
    public GatewayLogRoutes logRoutes() {
        return logRoutes;
    }

    /** The order lifecycle job's routes. */
    /** The check of the cluster's capacity against the registered one (run by its routes when scheduled). */
    public RegistrationDrift registrationDrift() {
        return drift;
    }

    public OrderLifecycleRoutes lifecycleRoutes() {
        return lifecycleRoutes;
    }

    /** {@code GET /chain}, when chain descriptions were given. */
    public Optional<ChainDescriptionRoutes> chainRoutes() {
        return Optional.ofNullable(chainRoutes);
    }

    /** The problem mapping of the gateway's routes. */
    public Problems problems() {
        return problems;
    }

    /** The JSON mapping of the gateway's routes. */
    public Json json() {
        return json;
    }

    /** Stops the log streams and the outbox; the Camel context (and so the proxy it runs) is the caller's. */
    @Override
    public void close() {
        logs.close();
        outbox.close();
    }

    /**
     * The parts of a gateway: the required ones ({@link #database}, {@link #chain}, {@link #provider},
     * {@link #cluster}, {@link #cookies}) and the ones with a default.
     */
    public static final class Builder {

        private final GatewaySettings settings;
        private DataSource dataSource;
        private Web3j web3j;
        private OrderBook book;
        private Credentials provider;
        private KubernetesClient kubernetes;
        private EntranceResolver entrances;
        private CookieCodec cookies;
        private YamlSource yamlSource;
        private AppCatalog catalog = AppCatalog.bundled();
        private ServerTls tls;
        private UnaryOperator<ProxyAccess> proxyAccess = UnaryOperator.identity();
        private ChainDescriptions chain;
        private Json json;
        private Problems problems;
        private ChainBinding.OnMismatch onChainMismatch = ChainBinding.OnMismatch.FAIL;
        private Clock clock = Clock.systemUTC();
        private Clock retentionClock;
        private boolean liveInventory = true;
        private Duration driftCheckInterval;
        private Duration minRegistrationUpdateInterval = Duration.ofMinutes(10);

        private Builder(GatewaySettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The gateway's own database (Derby or PostgreSQL), apart from the platform's. */
        public Builder database(DataSource value) {
            dataSource = value;
            return this;
        }

        /**
         * What to do when the database was made for another chain: {@link ChainBinding.OnMismatch#FAIL} (the
         * default) or {@link ChainBinding.OnMismatch#RESET}.
         */
        public Builder onChainMismatch(ChainBinding.OnMismatch value) {
            onChainMismatch = value;
            return this;
        }

        /** The chain node and the orders and provider terms read from it (a {@code MarketOrderBook}). */
        public Builder chain(Web3j node, OrderBook orderBook) {
            web3j = node;
            book = orderBook;
            return this;
        }

        /** The provider's key: the payee of this gateway's orders, which accepts and completes them on chain. */
        public Builder provider(Credentials value) {
            provider = value;
            return this;
        }

        /** The cluster apps run in, and how the proxy reaches an app's entrance in it. */
        public Builder cluster(KubernetesClient client, EntranceResolver entranceResolver) {
            kubernetes = client;
            entrances = entranceResolver;
            return this;
        }

        /**
         * Whether greet type 0 also limits the free capacity to what the cluster's nodes can still hold (their
         * allocatable minus the requests of the pods bound to them), read from the cluster at each greet; on by
         * default ({@code grid.gateway.inventory.live}).
         */
        public Builder liveInventory(boolean value) {
            liveInventory = value;
            return this;
        }

        /**
         * Checks every {@code checkEvery} whether the cluster's capacity drifted from the provider's registered one and
         * then updates the registration, at most once per {@code minUpdateInterval} ({@link RegistrationDrift},
         * {@code grid.gateway.inventory.drift-interval}, {@code grid.gateway.inventory.min-update-interval}); not
         * scheduled by default.
         */
        public Builder registrationDrift(Duration checkEvery, Duration minUpdateInterval) {
            if (checkEvery != null && (checkEvery.isZero() || checkEvery.isNegative())) {
                throw new IllegalArgumentException("the drift check interval must be positive");
            }
            if (minUpdateInterval == null || minUpdateInterval.isNegative()) {
                throw new IllegalArgumentException("the minimum update interval must not be negative");
            }
            driftCheckInterval = checkEvery;
            minRegistrationUpdateInterval = minUpdateInterval;
            return this;
        }

        /** Signs and checks the session cookies (its key is a secret: load it, never default it). */
        public Builder cookies(CookieCodec value) {
            cookies = value;
            return this;
        }

        /**
         * Where a deploy's YAML URL is read from; by default fetched under the strict URL policy (no loopback,
         * private or cluster-internal address) within {@link GatewaySettings#yamlLimits()}.
         */
        public Builder yamlSource(YamlSource value) {
            yamlSource = value;
            return this;
        }

        /** The app catalog users may pick from instead of giving a YAML URL; {@link AppCatalog#bundled()} by default. */
        public Builder catalog(AppCatalog value) {
            catalog = Objects.requireNonNull(value, "catalog");
            return this;
        }

        /** TLS of the API and proxy ports; none (plain HTTP) by default. */
        public Builder tls(ServerTls value) {
            tls = value;
            return this;
        }

        /** Wraps the proxy's access decision (for example to count requests); unchanged by default. */
        public Builder proxyAccess(UnaryOperator<ProxyAccess> decorate) {
            proxyAccess = Objects.requireNonNull(decorate, "decorate");
            return this;
        }

        /** What {@code GET /chain} answers; without it the gateway leaves that route to the platform. */
        public Builder chainDescriptions(ChainDescriptions value) {
            chain = value;
            return this;
        }

        /**
         * The application's shared JSON mapping and problem mapping (mappings registered on {@code problems} reach
         * the gateway's routes); new ones by default.
         */
        public Builder http(Json jsonMapping, Problems problemMapping) {
            json = jsonMapping;
            problems = problemMapping;
            return this;
        }

        /** Time source of sign-in, deploys, the outbox and the proxy; the system's UTC clock by default. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The clock that ages retained logs; the {@link #clock} by default. */
        public Builder retentionClock(Clock value) {
            retentionClock = value;
            return this;
        }

        /** The gateway, its schema migrated and bound to the node's chain; see {@link GatewayAssembly#start()}. */
        public GatewayAssembly build() {
            Objects.requireNonNull(dataSource, "database");
            Objects.requireNonNull(web3j, "chain node");
            Objects.requireNonNull(book, "order book");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(kubernetes, "Kubernetes client");
            Objects.requireNonNull(entrances, "entrance resolver");
            Objects.requireNonNull(cookies, "cookies");
            Objects.requireNonNull(onChainMismatch, "onChainMismatch");
            if (json == null) {
                json = new Json();
            }
            if (problems == null) {
                problems = new Problems(json);
            }
            if (retentionClock == null) {
                retentionClock = clock;
            }
            return new GatewayAssembly(this);
        }
    }
}
