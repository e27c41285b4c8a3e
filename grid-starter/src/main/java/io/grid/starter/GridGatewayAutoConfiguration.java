package io.grid.starter;

import com.zaxxer.hikari.HikariDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grid.api.Resources;
import io.grid.contracts.chain.LocalChain;
import io.grid.core.cookie.CookieCodec;
import io.grid.core.fetch.FetchLimits;
import io.grid.core.fetch.UrlPolicy;
import io.grid.routes.chain.ChainDescriptionRoutes;
import io.grid.routes.chain.ChainDescriptions;
import io.grid.routes.gateway.GatewayAssembly;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.gateway.access.GatewayProxy;
import io.grid.routes.gateway.auth.CookieKeyFile;
import io.grid.routes.gateway.deploy.AppCatalog;
import io.grid.routes.gateway.deploy.AppDeployments;
import io.grid.routes.gateway.deploy.YamlSource;
import io.grid.routes.gateway.fetch.YamlFetcher;
import io.grid.routes.gateway.greet.Greeter;
import io.grid.routes.gateway.kube.EntranceResolver;
import io.grid.routes.gateway.kube.WorkloadDeployer;
import io.grid.routes.gateway.logs.AppLogs;
import io.grid.routes.gateway.market.MarketOrderBook;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.proxy.ProxySettings;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.gateway.tls.CertificatePair;
import io.grid.routes.gateway.tls.DevelopmentCertificate;
import io.grid.routes.gateway.tls.HttpsRedirectServer;
import io.grid.routes.gateway.tls.ServerTls;
import io.grid.routes.gateway.tls.TlsSettings;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.starter.observability.ProxyRequestMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
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
 * the gateway's own database, the provider's key and the configured cluster.
 *
 * <p>Wired in the platform's shape: a {@link GatewayAssembly} built from {@link GatewaySettings} and the parts a
 * host may replace (the provider key {@code gridProviderCredentials}, {@link GatewayDatabase}, {@link OrderBook},
 * {@link CookieCodec}, {@link YamlSource}, {@link AppCatalog}, {@link ServerTls}, and the chain's and the cluster's
 * beans); its services, proxy and route builders are published as beans, each of which a host replaces by
 * declaring one of the same type (route builders: of the same name).
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
     * The gateway's own database ({@code grid.gateway.database-url}, {@code -username}, {@code -password}); the
     * gateway assembly migrates its schema and binds it to the chain ({@code grid.chain.on-database-mismatch}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public GatewayDatabase gridGatewayDatabase(GridProperties properties, ResourceLoader resources) {
        GridProperties.Gateway gateway = properties.getGateway();
        GridAutoConfiguration.requireDriverOf(gateway.getDatabaseUrl(), "grid.gateway.database-url",
                resources.getClassLoader());
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("grid-gateway");
        dataSource.setJdbcUrl(gateway.getDatabaseUrl());
        dataSource.setUsername(gateway.getDatabaseUsername());
        dataSource.setPassword(gateway.getDatabasePassword());
        return new GatewayDatabase(dataSource);
    }

    /** Every setting of the gateway, from {@code grid.http.*}, {@code grid.chain.outbox.*} and {@code grid.gateway.*}. */
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
        ProxySettings proxy = new ProxySettings(gateway.getCookieName(), gateway.getProxyConnectTimeout(),
                gateway.getProxyTimeout(), gateway.getMaxBodyBytes(), gateway.getWildcardDomain(),
                gateway.getProxyWorkerThreads(), gateway.getProxyMaxIdleConnectionsPerEntrance(),
                gateway.getProxyIdleConnectionTimeout());
        OutboxSettings outbox = GridPlatformAutoConfiguration.outboxSettings(properties.getChain().getOutbox());
        return new GatewaySettings(URI.create(publicUrl), chain.chainId(), resources, gateway.getCookieName(),
                gateway.getSignInNonceTtl(), gateway.getAcceptTimeout(), gateway.getLifecycleInterval(),
                properties.getHttp().getHost(), properties.getHttp().getPort(), gateway.getSignInNonceCapacity(),
                gateway.getReadinessTimeout(), gateway.getSettleGrace(), gateway.getLogRetention(),
                gateway.getRetainedLogChars(), outbox, proxy, gateway.getProxyHost(), gateway.getProxyPort(),
                FetchLimits.forYaml(gateway.getMaxYamlBytes(), gateway.getYamlFetchTimeout()),
                gateway.getYamlConnectTimeout());
    }

    /** Reads orders and provider terms from the Market and the registry. */
    @Bean
    @ConditionalOnMissingBean
    public OrderBook gridOrderBook(Web3j web3j, ChainContracts chain) {
        return new MarketOrderBook(web3j, chain.market(), chain.registry());
    }

    /**
     * Signs the session cookies with the key of {@code grid.gateway.cookie-key-file} (generated owner-only on
     * first start).
     */
    @Bean
    @ConditionalOnMissingBean
    public CookieCodec gridGatewayCookies(GridProperties properties) {
        return new CookieCodec(CookieKeyFile.loadOrCreate(properties.getGateway().getCookieKeyFile(),
                new SecureRandom()));
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
    public YamlSource gridYamlSource(GatewaySettings settings) {
        return YamlSource.of(new YamlFetcher(UrlPolicy.strict(), settings.yamlLimits(), settings.yamlConnectTimeout(),
                Clock.systemUTC()));
    }

    /**
     * The gateway's services, stores, proxy and routes, assembled from the beans above (each replaceable) over the
     * application's shared {@link Json} and {@link Problems}; its outbox starts with it. The schema is migrated on
     * creation and bound to the chain ({@code grid.chain.on-database-mismatch}). Requests through the proxy are
     * counted by {@code grid.proxy.requests} when the application has metrics.
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    public GatewayAssembly gridGateway(GatewaySettings settings, GatewayDatabase database, Web3j web3j, OrderBook book,
                                       @Qualifier("gridProviderCredentials") Credentials provider,
                                       KubernetesClient kubernetes, EntranceResolver entrances, CookieCodec cookies,
                                       YamlSource yamlSource, AppCatalog catalog, ObjectProvider<ServerTls> tls,
                                       ObjectProvider<ProxyRequestMetrics> metrics, Json json, Problems problems,
                                       GridProperties properties) {
        ProxyRequestMetrics counting = metrics.getIfAvailable();
        return GatewayAssembly.builder(settings)
                .database(database.dataSource())
                .onChainMismatch(properties.getChain().getOnDatabaseMismatch())
                .chain(web3j, book)
                .provider(provider)
                .cluster(kubernetes, entrances)
                .liveInventory(properties.getGateway().getInventory().isLive())
                .cookies(cookies)
                .yamlSource(yamlSource)
                .catalog(catalog)
                .tls(tls.getIfAvailable())
                .proxyAccess(access -> counting == null ? access : counting.observe(access))
                .http(json, problems)
                .build();
    }

    /** Chain writes with the provider's key (acceptOrder, completeOrder), stored before they are sent. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(name = "gridGatewayOutbox")
    public TransactionOutbox gridGatewayOutbox(GatewayAssembly gateway) {
        return gateway.outbox();
    }

    /** The gateway's own order store. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public LocalOrders gridLocalOrders(GatewayAssembly gateway) {
        return gateway.orders();
    }

    /** Session cookies; {@code Secure} when the gateway serves TLS or its public URL is https. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Sessions gridSessions(GatewayAssembly gateway) {
        return gateway.sessions();
    }

    /** Greet 0, 1 and 2. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Greeter gridGreeter(GatewayAssembly gateway) {
        return gateway.greeter();
    }

    /** Deploys and tears down orders' apps (readiness within {@code grid.gateway.readiness-timeout}). */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public WorkloadDeployer gridWorkloadDeployer(GatewayAssembly gateway) {
        return gateway.deployer();
    }

    /** Deploy, status, redeploy, undeploy; a cluster that refuses an order's app (403) gets the order refunded. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public AppDeployments gridAppDeployments(GatewayAssembly gateway) {
        return gateway.deployments();
    }

    /** Logs and events of each order's app, kept after teardown for {@code grid.gateway.log-retention}. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public AppLogs gridAppLogs(GatewayAssembly gateway) {
        return gateway.logs();
    }

    /** The reverse proxy to each order's app, beside the Camel routes. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnMissingBean
    public GatewayProxy gridGatewayProxy(GatewayAssembly gateway) {
        return gateway.proxy();
    }

    /** Where the REST routes listen (shared with the platform's when both run), over TLS when it is on. */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayRestConfiguration")
    public RoutesBuilder gridGatewayRestConfiguration(GatewayAssembly gateway) {
        return gateway.restConfiguration();
    }

    /** Greet 0, 1, 2: steps (and routes) {@code grid-gateway-greet-*}, see {@link io.grid.routes.GridRoutes}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayGreetRoutes")
    public RoutesBuilder gridGatewayGreetRoutes(GatewayAssembly gateway) {
        return gateway.greetRoutes();
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
    public RoutesBuilder gridGatewayDeployRoutes(GatewayAssembly gateway) {
        return gateway.deployRoutes();
    }

    /** App logs and events: routes {@code gateway-app-logs}, {@code gateway-app-events}, steps {@code direct:grid-gateway-app-*}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayLogRoutes")
    public RoutesBuilder gridGatewayLogRoutes(GatewayAssembly gateway) {
        return gateway.logRoutes();
    }

    /**
     * Tears down ended or cancelled orders (keeping their logs and events first), completes them on chain,
     * and deletes expired logs: route {@code gateway-order-lifecycle}.
     */
    @Bean
    @ConditionalOnMissingBean(name = "gridGatewayLifecycleRoutes")
    public RoutesBuilder gridGatewayLifecycleRoutes(GatewayAssembly gateway) {
        return gateway.lifecycleRoutes();
    }
}
