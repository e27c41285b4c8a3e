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
import io.grid.routes.chain.ChainIdentity;
import io.grid.routes.chain.ChainDescriptionRoutes;
import io.grid.routes.chain.ChainDescriptions;
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
import io.grid.routes.gateway.tls.CertificatePair;
import io.grid.routes.gateway.tls.DevelopmentCertificate;
import io.grid.routes.gateway.tls.HttpsRedirectServer;
import io.grid.routes.gateway.tls.ServerTls;
import io.grid.routes.gateway.tls.TlsSettings;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.outbox.ChainOutbox;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.starter.observability.ProxyRequestMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RoutesBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
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
        return SigningKeys.load("provider", "grid.gateway.provider-key-file", gateway.getProviderKeyFile(),
                gateway.getProviderKeyPasswordEnv(),
                localChain, chain -> chain.provider(1));
    }

    /**
     * The gateway's own database ({@code grid.gateway.database-url}, {@code -username}, {@code -password}); its
     * schema is migrated on creation and bound to the chain ({@code grid.chain.on-database-mismatch}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public GatewayDatabase gridGatewayDatabase(GridProperties properties, Web3j web3j, ResourceLoader resources) {
        GridProperties.Gateway gateway = properties.getGateway();
        GridAutoConfiguration.requireDriverOf(gateway.getDatabaseUrl(), "grid.gateway.database-url",
                resources.getClassLoader());
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("grid-gateway");
        dataSource.setJdbcUrl(gateway.getDatabaseUrl());
        dataSource.setUsername(gateway.getDatabaseUsername());
        dataSource.setPassword(gateway.getDatabasePassword());
        try {
            GatewaySchema.prepare(dataSource, ChainIdentity.of(web3j), properties.getChain().getOnDatabaseMismatch(),
                    Clock.systemUTC());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new GatewayDatabase(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    public GatewaySettings gridGatewaySettings(GridProperties properties, ChainContracts chain) {
        GridProperties.Gateway gateway = properties.getGateway();
        String publicUrl = gateway.getPublicUrl() != null ? gateway.getPublicUrl()
                : (gateway.getTls().isEnabled() ? "https://" : "http://") + properties.getHttp().getHost() + ":"
                        + properties.getHttp().getPort();
        GridProperties.Gateway.Allocatable allocatable = gateway.getAllocatable();
        Resources resources = new Resources(allocatable.getCpuMillicores(), allocatable.getMemoryMib(),
                allocatable.getStorageGib(), allocatable.getGpuCount(), allocatable.getGpuModel());
        return new GatewaySettings(URI.create(publicUrl), chain.chainId(), resources, gateway.getCookieName(),
                gateway.getSignInNonceTtl(), gateway.getAcceptTimeout(), gateway.getLifecycleInterval());
    }

    /** Chain writes with the provider's key (acceptOrder, completeOrder), stored before they are sent. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(name = "gridGatewayOutbox")
    public TransactionOutbox gridGatewayOutbox(GatewayDatabase database, Web3j web3j,
                                               @Qualifier("gridProviderCredentials") Credentials provider,
                                               ChainContracts chain, GridProperties properties) {
        return new TransactionOutbox(new ChainOutbox(database.dataSource(), Clock.systemUTC()), web3j, provider,
                chain.chainId(), GridPlatformAutoConfiguration.outboxSettings(properties.getChain().getOutbox()),
                Clock.systemUTC());
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

    /**
     * Session cookies, signed with the key of {@code grid.gateway.cookie-key-file} (generated on first start);
     * {@code Secure} when the gateway serves TLS or its public URL is https.
     */
    @Bean
    @ConditionalOnMissingBean
    public Sessions gridSessions(GridProperties properties, GatewaySettings settings) {
        byte[] key = CookieKeyFile.loadOrCreate(properties.getGateway().getCookieKeyFile(), new SecureRandom());
        return new Sessions(new CookieCodec(key), settings.cookieName(),
                settings.secure() || properties.getGateway().getTls().isEnabled());
    }

    /**
     * TLS of the API and proxy ports ({@code grid.gateway.tls.enabled=true}): the PEM files of
     * {@code grid.gateway.tls.*}, read again every reload interval; or, with
     * {@code grid.gateway.tls.development-certificate=true} and no files, a development certificate.
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "grid.gateway.tls", name = "enabled", havingValue = "true")
    public ServerTls gridGatewayTls(GridProperties properties) {
        GridProperties.Gateway.Tls tls = properties.getGateway().getTls();
        List<CertificatePair> certificates = new ArrayList<>();
        if (tls.getCertificateFile() != null || tls.getKeyFile() != null) {
            if (tls.getCertificateFile() == null || tls.getKeyFile() == null) {
                throw new IllegalStateException(
                        "grid.gateway.tls.certificate-file and grid.gateway.tls.key-file go together");
            }
            certificates.add(new CertificatePair(tls.getCertificateFile(), tls.getKeyFile()));
        } else if (tls.isDevelopmentCertificate()) {
            certificates.add(DevelopmentCertificate.loadOrCreate(tls.getDevelopmentDirectory(),
                    developmentNames(properties), Clock.systemUTC()));
        } else {
            throw new IllegalStateException("grid.gateway.tls.enabled needs grid.gateway.tls.certificate-file and "
                    + "key-file (or, for local runs, grid.gateway.tls.development-certificate=true)");
        }
        for (GridProperties.Gateway.Tls.CertificateFiles more : tls.getSniCertificates()) {
            certificates.add(new CertificatePair(more.getCertificateFile(), more.getKeyFile()));
        }
        return new ServerTls(new TlsSettings(certificates, tls.getReloadInterval(), tls.getHstsMaxAge(),
                tls.isHstsIncludeSubDomains()));
    }

    private static List<String> developmentNames(GridProperties properties) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1"));
        GridProperties.Gateway gateway = properties.getGateway();
        if (gateway.getPublicUrl() != null) {
            String host = URI.create(gateway.getPublicUrl()).getHost();
            if (host != null && !names.contains(host)) {
                names.add(host);
            }
        }
        if (gateway.getWildcardDomain() != null) {
            names.add("*.apps." + gateway.getWildcardDomain());
        }
        return names;
    }

    /** The plain-HTTP port that only redirects to HTTPS ({@code grid.gateway.tls.redirect-port}). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "grid.gateway.tls", name = "redirect-port")
    public HttpsRedirectServer gridHttpsRedirect(GridProperties properties, ObjectProvider<ServerTls> tls) {
        GridProperties.Gateway.Tls settings = properties.getGateway().getTls();
        if (tls.getIfAvailable() == null) {
            throw new IllegalStateException("grid.gateway.tls.redirect-port needs grid.gateway.tls.enabled=true");
        }
        HttpsRedirectServer redirect = new HttpsRedirectServer(settings.getRedirectToPort() != null
                ? settings.getRedirectToPort() : properties.getHttp().getPort());
        redirect.start(new InetSocketAddress(settings.getRedirectHost() != null ? settings.getRedirectHost()
                : properties.getHttp().getHost(), settings.getRedirectPort()));
        return redirect;
    }

    @Bean
    @ConditionalOnMissingBean
    public Greeter gridGreeter(GatewaySettings settings, OrderBook book, LocalOrders orders,
                               @Qualifier("gridGatewayOutbox") TransactionOutbox outbox, Sessions sessions,
                               GridProperties properties) {
        return new Greeter(settings, book, orders, outbox, new NonceBook(settings.nonceTtl(),
                properties.getGateway().getSignInNonceCapacity(), new SecureRandom()), sessions, Clock.systemUTC());
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

    /**
     * Where a deploy's YAML URL is read from: fetched under the strict URL policy (no loopback, private or
     * cluster-internal address; size cap and deadline of {@code grid.gateway.max-yaml-bytes},
     * {@code -yaml-fetch-timeout}, {@code -yaml-connect-timeout}). Declare a {@link YamlSource} bean to read them
     * elsewhere.
     */
    @Bean
    @ConditionalOnMissingBean
    public YamlSource gridYamlSource(GridProperties properties) {
        GridProperties.Gateway gateway = properties.getGateway();
        return YamlSource.of(new YamlFetcher(UrlPolicy.strict(),
                FetchLimits.forYaml(gateway.getMaxYamlBytes(), gateway.getYamlFetchTimeout()),
                gateway.getYamlConnectTimeout(), Clock.systemUTC()));
    }

    @Bean
    @ConditionalOnMissingBean
    public AppDeployments gridAppDeployments(OrderBook book, LocalOrders orders, Sessions sessions,
                                             AppCatalog catalog, WorkloadDeployer deployer, YamlSource yamlSource,
                                             @Qualifier("gridGatewayOutbox") TransactionOutbox outbox,
                                             GatewaySettings settings) {
        // A cluster that refuses an order's app (403) gets the order refunded in full through the outbox.
        return new AppDeployments(book, orders, sessions, yamlSource, catalog, new YamlPolicy(), deployer,
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
                                         ObjectProvider<ProxyRequestMetrics> metrics, ObjectProvider<ServerTls> tls) {
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
        return new GatewayProxy(new ProxyServer(settings, access, Clock.systemUTC(), tls.getIfAvailable()),
                new InetSocketAddress(gateway.getProxyHost(), gateway.getProxyPort()));
    }

    /** Where the REST routes listen (shared with the platform's when both run), over TLS when it is on. */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayRestConfiguration")
    public RoutesBuilder gridGatewayRestConfiguration(GridProperties properties, ObjectProvider<ServerTls> tls) {
        return new GatewayRestConfiguration(properties.getHttp().getHost(), properties.getHttp().getPort(),
                tls.getIfAvailable());
    }

    /** Greet 0, 1, 2: steps (and routes) {@code grid-gateway-greet-*}, see {@link io.grid.routes.GridRoutes}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayGreetRoutes")
    public RoutesBuilder gridGatewayGreetRoutes(Json json, Problems problems, Greeter greeter) {
        return new GatewayGreetRoutes(json, problems, greeter);
    }

    /**
     * GET /chain from the gateway's own chain configuration: step {@code grid-gateway-chain}. Left out when the
     * platform runs in the same application, which answers it.
     */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayChainRoutes")
    @ConditionalOnProperty(prefix = "grid.platform", name = "enabled", havingValue = "false", matchIfMissing = true)
    public RoutesBuilder gridGatewayChainRoutes(Json json, Problems problems, Web3j web3j, ChainContracts chain,
                                                GridProperties properties, ObjectProvider<LocalChain> localChain) {
        return new ChainDescriptionRoutes(json, problems, new ChainDescriptions(web3j, chain.chainId(), chain.token(),
                chain.registry(), chain.market(), properties.getChain().getConfirmations(),
                ChainContracts.publicRpcUrl(properties, localChain)), "gateway");
    }

    /** Deploy, status, redeploy, undeploy, catalog: steps (and routes) {@code grid-gateway-*}, see {@link io.grid.routes.GridRoutes}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayDeployRoutes")
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
    @ConditionalOnMissingBean(name = "gridGatewayLifecycleRoutes")
    public RoutesBuilder gridGatewayLifecycleRoutes(OrderBook book, LocalOrders orders,
                                                    @Qualifier("gridGatewayOutbox") TransactionOutbox outbox,
                                                    WorkloadDeployer deployer, GatewaySettings settings, AppLogs logs,
                                                    GridProperties properties) {
        return new OrderLifecycleRoutes(new OrderLifecycle(book, orders, outbox, deployer,
                properties.getGateway().getSettleGrace(), logs), settings.lifecyclePeriod());
    }
}
