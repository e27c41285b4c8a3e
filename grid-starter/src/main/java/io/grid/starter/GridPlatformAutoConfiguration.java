package io.grid.starter;

import io.grid.contracts.chain.LocalChain;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.core.fetch.UrlPolicy;
import io.grid.routes.platform.ContractAddresses;
import io.grid.routes.cluster.DatabaseLockClusterService;
import io.grid.routes.platform.GatewayProbeSettings;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.PlatformClustering;
import io.grid.routes.platform.jobs.PlatformJobStore;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.WalletSettings;
import io.grid.routes.platform.transfers.ConfirmationSettings;
import java.math.BigInteger;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import java.time.Clock;
import java.net.InetAddress;
import javax.sql.DataSource;
import org.apache.camel.RoutesBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The platform (enabled by {@code grid.platform.enabled=true}): its REST API on {@code grid.http.*}, its
 * scheduled jobs, its outbox, over the application's DataSource and the configured chain. Each bean can be
 * replaced by declaring one of the same type (or name, for the platform key).
 */
@AutoConfiguration(after = {GridAutoConfiguration.class, GridChainAutoConfiguration.class})
@ConditionalOnProperty(prefix = "grid.platform", name = "enabled", havingValue = "true")
public class GridPlatformAutoConfiguration {

    /** The platform account: holds the PLATFORM role and signs every relayed transaction. */
    @Bean
    @ConditionalOnMissingBean(name = "gridPlatformCredentials")
    public Credentials gridPlatformCredentials(GridProperties properties, ObjectProvider<LocalChain> localChain) {
        GridProperties.Platform platform = properties.getPlatform();
        return SigningKeys.load("platform", "grid.platform.key-file", platform.getKeyFile(),
                platform.getKeyPasswordEnv(), localChain,
                LocalChain::platform);
    }

    /** Every setting of the platform, from {@code grid.http.*}, {@code grid.chain.*} and {@code grid.platform.*}. */
    @Bean
    @ConditionalOnMissingBean
    public PlatformSettings gridPlatformSettings(GridProperties properties, ChainContracts chain) {
        GridProperties.Chain chainProperties = properties.getChain();
        GridProperties.Platform platform = properties.getPlatform();
        return new PlatformSettings(properties.getHttp().getHost(), properties.getHttp().getPort(), chain.chainId(),
                new ConfirmationSettings(chainProperties.getConfirmations(), chainProperties.getStartBlock(),
                        chainProperties.getMaxBlockRange(), platform.getCreditGasLimit()),
                outboxSettings(chainProperties.getOutbox()), chainProperties.getPollInterval(),
                platform.getLifecycleInterval(), platform.getOutboxInterval(), platform.getRelayGasLimit(),
                platform.getRelayWait(), platform.getProviderCacheTtl(), chainProperties.getStartBlock(),
                platform.getSettlementBatchSize(), new GatewayProbeSettings(platform.getGatewayProbe().getInterval(),
                        platform.getGatewayProbe().getTimeout(), platform.getGatewayProbe().getRetention(),
                        UrlPolicy.strict()));
    }

    /** The outbox timing of {@code grid.chain.outbox.*}, shared by the platform's and the gateway's outbox. */
    static OutboxSettings outboxSettings(GridProperties.Chain.Outbox outbox) {
        return new OutboxSettings(outbox.getPollInterval(), outbox.getResendAfter(), outbox.getMinBackoff(),
                outbox.getMaxBackoff(), outbox.getStallAfter());
    }

    /** What GET /chain publishes (grid.chain.public-rpc-url) and how long typed data to sign stays valid. */
    @Bean
    @ConditionalOnMissingBean
    public WalletSettings gridWalletSettings(GridProperties properties, ObjectProvider<LocalChain> localChain) {
        return new WalletSettings(ChainContracts.publicRpcUrl(properties, localChain),
                properties.getPlatform().getSignatureTtl());
    }

    /**
     * The platform's services, stores and routes, assembled over the application's shared {@link Json} and
     * {@link Problems} beans. The schema is migrated on creation — after the host's own Flyway or Liquibase
     * migrations of the same DataSource, if any ({@code @DependsOnDatabaseInitialization}) — and bound to the
     * chain ({@code grid.chain.on-database-mismatch}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public PlatformAssembly gridPlatform(DataSource dataSource, Web3j web3j, ChainContracts chain,
                                         @Qualifier("gridPlatformCredentials") Credentials platform,
                                         PlatformSettings settings, WalletSettings wallets, Json json,
                                         Problems problems, GridProperties properties,
                                         PlatformClustering clustering) {
        return new PlatformAssembly(dataSource, web3j, chain.rpcUrl(),
                new ContractAddresses(chain.token(), chain.registry(), chain.market()), platform, settings, wallets,
                Clock.systemUTC(), json, problems, properties.getChain().getOnDatabaseMismatch())
                .clustered(clustering);
    }

    /**
     * How this replica shares the work ({@code grid.platform.cluster.*}): alone, or one of several on one PostgreSQL
     * database, electing the sender by an advisory lock and sharing the jobs through Quartz's clustered job store.
     */
    @Bean
    @ConditionalOnMissingBean
    @DependsOnDatabaseInitialization
    public PlatformClustering gridPlatformClustering(GridProperties properties, DataSource dataSource)
            throws Exception {
        GridProperties.Platform.Cluster cluster = properties.getPlatform().getCluster();
        if (cluster.getKind() == GridProperties.Platform.Cluster.Kind.NONE) {
            return PlatformClustering.singleNode();
        }
        String member = cluster.getMemberId().isEmpty()
                ? InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid()
                : cluster.getMemberId();
        DatabaseLockClusterService service = new DatabaseLockClusterService(dataSource, member,
                cluster.getRetryPeriod());
        return new PlatformClustering(service, cluster.getGroup(), service.fence(cluster.getGroup()),
                new PlatformJobStore(dataSource, member, cluster.getQuartzCheckinInterval()));
    }

    /** POST /typed-data/{action} and POST /credits/{user}/withdraw: steps {@code grid-platform-typed-data}, {@code grid-platform-credit-withdraw}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridPlatformSigningRoutes")
    public RoutesBuilder gridPlatformSigningRoutes(PlatformAssembly platform) {
        return platform.signingRoutes();
    }

    /** GET /chain: step {@code grid-platform-chain}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridPlatformChainRoutes")
    public RoutesBuilder gridPlatformChainRoutes(PlatformAssembly platform) {
        return platform.chainRoutes();
    }

    /** The REST API: steps (and routes) {@code grid-platform-*}, REST routes {@code grid-platform-*-rest}. */
    @Bean
    @ConditionalOnMissingBean(name = "gridPlatformRestRoutes")
    public RoutesBuilder gridPlatformRestRoutes(PlatformAssembly platform) {
        return platform.restRoutes();
    }

    /** The scheduled jobs: transfer confirmations, order lifecycle, outbox passes. */
    @Bean
    @ConditionalOnMissingBean(name = "gridPlatformJobRoutes")
    public RoutesBuilder gridPlatformJobRoutes(PlatformAssembly platform) {
        return platform.jobRoutes();
    }
}
