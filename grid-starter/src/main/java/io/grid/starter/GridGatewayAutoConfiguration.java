package io.grid.starter;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.api.Resources;
import io.grid.contracts.chain.LocalChain;
import io.grid.core.cookie.CookieCodec;
import io.grid.core.fetch.FetchLimits;
import io.grid.core.fetch.UrlPolicy;
import io.grid.core.signin.NonceBook;
import io.grid.core.workload.YamlPolicy;
import io.grid.routes.chain.OutboxSettings;
import io.grid.routes.chain.TransactionOutbox;
import io.grid.routes.gateway.GatewayRestConfiguration;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.gateway.access.GatewayProxy;
import io.grid.routes.gateway.access.OrderProxyAccess;
import io.grid.routes.gateway.auth.CookieKeyFile;
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
import io.grid.routes.gateway.market.MarketOrderBook;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.proxy.ProxyAccess;
import io.grid.routes.gateway.proxy.ProxyServer;
import io.grid.routes.gateway.proxy.ProxySettings;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.GatewaySchema;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.platform.store.ChainOutbox;
import io.grid.starter.observability.ProxyRequestMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.RoutesBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * A provider's gateway (enabled by {@code grid.gateway.enabled=true}): greet and deploy routes on
 * {@code grid.http.*}, the reverse proxy on {@code grid.gateway.proxy-*}, the order lifecycle job, all over
 * the gateway's own database, the provider's key and the configured cluster. Each bean can be replaced by
 * declaring one of the same type (or name).
 */
@AutoConfiguration(after = {GridAutoConfiguration.class, GridChainAutoConfiguration.class,
        GridKubernetesAutoConfiguration.class})
@ConditionalOnProperty(prefix = "grid.gateway", name = "enabled", havingValue = "true")
public class GridGatewayAutoConfiguration {

    /** The provider account: the payee of this gateway's orders, which accepts and completes them on chain. */
    @Bean
    @ConditionalOnMissingBean(name = "gridProviderCredentials")
    public Credentials gridProviderCredentials(GridProperties properties, ObjectProvider<LocalChain> localChain) {
        GridProperties.Gateway gateway = properties.getGateway();
        return SigningKeys.load("provider", gateway.getProviderKeyFile(), gateway.getProviderKeyPasswordEnv(),
                localChain, chain -> chain.provider(1));
    }

    /**
     * The gateway's own database ({@code grid.gateway.database-url}, {@code -username}, {@code -password}); its
     * schema is migrated on creation.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public GatewayDatabase gridGatewayDatabase(GridProperties properties) {
        GridProperties.Gateway gateway = properties.getGateway();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("grid-gateway");
        dataSource.setJdbcUrl(gateway.getDatabaseUrl());
        dataSource.setUsername(gateway.getDatabaseUsername());
        dataSource.setPassword(gateway.getDatabasePassword());
        GatewaySchema.migrate(dataSource);
        return new GatewayDatabase(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    public GatewaySettings gridGatewaySettings(GridProperties properties, ChainContracts chain) {
        GridProperties.Gateway gateway = properties.getGateway();
        String publicUrl = gateway.getPublicUrl() != null ? gateway.getPublicUrl()
                : "http://" + properties.getHttp().getHost() + ":" + properties.getHttp().getPort();
        GridProperties.Gateway.Allocatable allocatable = gateway.getAllocatable();
        Resources resources = new Resources(allocatable.getCpuMillicores(), allocatable.getMemoryMib(),
                allocatable.getStorageGib(), allocatable.getGpuCount(), allocatable.getGpuModel());
        GatewaySettings defaults = GatewaySettings.of(URI.create(publicUrl), chain.chainId(), resources);
        return new GatewaySettings(defaults.publicUrl(), defaults.chainId(), defaults.allocatable(),
                gateway.getCookieName(), defaults.nonceTtl(), defaults.acceptTimeout(), gateway.getLifecycleInterval());
    }

    /** Chain writes with the provider's key (acceptOrder, completeOrder), stored before they are sent. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(name = "gridGatewayOutbox")
    public TransactionOutbox gridGatewayOutbox(GatewayDatabase database, Web3j web3j,
                                               @Qualifier("gridProviderCredentials") Credentials provider,
                                               ChainContracts chain) {
        return new TransactionOutbox(new ChainOutbox(database.dataSource(), Clock.systemUTC()), web3j, provider, chain.chainId(),
                new OutboxSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMillis(500),
                        Duration.ofSeconds(30)), Clock.systemUTC());
    }

    /** Reads orders and provider terms from the Market and the registry. */
    @Bean
    @ConditionalOnMissingBean
    public OrderBook gridOrderBook(Web3j web3j, ChainContracts chain) {
        return new MarketOrderBook(web3j, chain.market(), chain.registry());
    }

    @Bean
    @ConditionalOnMissingBean
    public LocalOrders gridLocalOrders(GatewayDatabase database) {
        return new LocalOrders(database.dataSource());
    }

    /** Session cookies, signed with the key of {@code grid.gateway.cookie-key-file} (generated on first start). */
    @Bean
    @ConditionalOnMissingBean
    public Sessions gridSessions(GridProperties properties, GatewaySettings settings) {
        byte[] key = CookieKeyFile.loadOrCreate(properties.getGateway().getCookieKeyFile(), new SecureRandom());
        return new Sessions(new CookieCodec(key), settings.cookieName(), settings.secure());
    }

    @Bean
    @ConditionalOnMissingBean
    public Greeter gridGreeter(GatewaySettings settings, OrderBook book, LocalOrders orders,
                               @Qualifier("gridGatewayOutbox") TransactionOutbox outbox, Sessions sessions) {
        return new Greeter(settings, book, orders, outbox, new NonceBook(settings.nonceTtl(), 10_000,
                new SecureRandom()), sessions, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    public WorkloadDeployer gridWorkloadDeployer(KubernetesClient client, EntranceResolver entrances,
                                                 GridProperties properties) {
        return new WorkloadDeployer(client, entrances, properties.getGateway().getReadinessTimeout());
    }

    /** The app catalog users may pick from instead of giving a YAML URL. */
    @Bean
    @ConditionalOnMissingBean
    public AppCatalog gridAppCatalog() {
        return AppCatalog.bundled();
    }

    @Bean
    @ConditionalOnMissingBean
    public AppDeployments gridAppDeployments(OrderBook book, LocalOrders orders, Sessions sessions,
                                             AppCatalog catalog, WorkloadDeployer deployer, GridProperties properties,
                                             @Qualifier("gridGatewayOutbox") TransactionOutbox outbox,
                                             GatewaySettings settings) {
        GridProperties.Gateway gateway = properties.getGateway();
        YamlFetcher fetcher = new YamlFetcher(UrlPolicy.strict(),
                FetchLimits.forYaml(gateway.getMaxYamlBytes(), gateway.getYamlFetchTimeout()), Duration.ofSeconds(5),
                Clock.systemUTC());
        // A cluster that refuses an order's app (403) gets the order refunded in full through the outbox.
        return new AppDeployments(book, orders, sessions, YamlSource.of(fetcher), catalog, new YamlPolicy(), deployer,
                Clock.systemUTC(), outbox, settings.acceptTimeout());
    }

    /** Logs and events of each order's app, kept after teardown for {@code grid.gateway.log-retention}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AppLogs gridAppLogs(KubernetesClient client, LocalOrders orders, Sessions sessions, GatewayDatabase database,
                               GridProperties properties) {
        GridProperties.Gateway gateway = properties.getGateway();
        return new AppLogs(client, orders, sessions, new RetainedLogs(database.dataSource(), gateway.getLogRetention(),
                gateway.getRetainedLogChars(), Clock.systemUTC()), Clock.systemUTC());
    }

    /** The reverse proxy to each order's app, beside the Camel routes. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnMissingBean
    public GatewayProxy gridGatewayProxy(GridProperties properties, Sessions sessions, LocalOrders orders,
                                         ObjectProvider<ProxyRequestMetrics> metrics) {
        GridProperties.Gateway gateway = properties.getGateway();
        ProxySettings settings = ProxySettings.defaults(gateway.getCookieName())
                .withMaxRequestBodyBytes(gateway.getMaxBodyBytes())
                .withResponseTimeout(gateway.getProxyTimeout())
                .withWildcardDomain(gateway.getWildcardDomain());
        ProxyAccess access = new OrderProxyAccess(sessions, orders);
        // Counted by grid.proxy.requests when the application has metrics.
        ProxyRequestMetrics counting = metrics.getIfAvailable();
        if (counting != null) {
            access = counting.observe(access);
        }
        return new GatewayProxy(new ProxyServer(settings, access),
                new InetSocketAddress(gateway.getProxyHost(), gateway.getProxyPort()));
    }

    /** Where the REST routes listen (shared with the platform's when both run). */
    @Bean
    public RoutesBuilder gridGatewayRestConfiguration(GridProperties properties) {
        return new GatewayRestConfiguration(properties.getHttp().getHost(), properties.getHttp().getPort());
    }

    /** Greet 0, 1, 2: routes {@code gateway-greet-*}, steps {@code direct:grid-gateway-greet-*}. */
    @Bean
    public RoutesBuilder gridGatewayGreetRoutes(Json json, Problems problems, Greeter greeter) {
        return new GatewayGreetRoutes(json, problems, greeter);
    }

    /** Deploy, status, redeploy, undeploy, catalog: routes {@code gateway-*}, steps {@code direct:grid-gateway-*}. */
    @Bean
    public RoutesBuilder gridGatewayDeployRoutes(Json json, Problems problems, AppDeployments deployments) {
        return new GatewayDeployRoutes(json, problems, deployments);
    }

    /** App logs and events: routes {@code gateway-app-logs}, {@code gateway-app-events}, steps {@code direct:grid-gateway-app-*}. */
    @Bean
    public RoutesBuilder gridGatewayLogRoutes(Json json, Problems problems, AppLogs logs) {
        return new GatewayLogRoutes(json, problems, logs);
    }

    /**
     * Tears down ended or cancelled orders (keeping their logs and events first), completes them on chain,
     * and deletes expired logs: route {@code gateway-order-lifecycle}.
     */
    @Bean
    public RoutesBuilder gridGatewayLifecycleRoutes(OrderBook book, LocalOrders orders,
                                                    @Qualifier("gridGatewayOutbox") TransactionOutbox outbox,
                                                    WorkloadDeployer deployer, GatewaySettings settings, AppLogs logs) {
        return new OrderLifecycleRoutes(new OrderLifecycle(book, orders, outbox, deployer, logs), settings.lifecyclePeriod());
    }
}
