package io.grid.starter;

import io.grid.contracts.chain.LocalChain;
import io.grid.routes.chain.ConfirmationSettings;
import io.grid.routes.chain.OutboxSettings;
import io.grid.routes.platform.ContractAddresses;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.WalletSettings;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
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
        return SigningKeys.load("platform", platform.getKeyFile(), platform.getKeyPasswordEnv(), localChain,
                LocalChain::platform);
    }

    @Bean
    @ConditionalOnMissingBean
    public PlatformSettings gridPlatformSettings(GridProperties properties, ChainContracts chain) {
        GridProperties.Chain chainProperties = properties.getChain();
        Duration poll = chainProperties.getPollInterval();
        return new PlatformSettings(properties.getHttp().getHost(), properties.getHttp().getPort(), chain.chainId(),
                new ConfirmationSettings(chainProperties.getConfirmations(), 0, 10_000, BigInteger.valueOf(300_000)),
                new OutboxSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMillis(500),
                        Duration.ofSeconds(30)),
                poll, properties.getPlatform().getLifecycleInterval(), Duration.ofSeconds(1),
                BigInteger.valueOf(2_000_000), Duration.ofSeconds(30), Duration.ofSeconds(10), 0,
                properties.getPlatform().getSettlementBatchSize());
    }

    /** What GET /chain publishes (grid.chain.public-rpc-url) and how long typed data to sign stays valid. */
    @Bean
    @ConditionalOnMissingBean
    public WalletSettings gridWalletSettings(GridProperties properties, ObjectProvider<LocalChain> localChain) {
        return new WalletSettings(ChainContracts.publicRpcUrl(properties, localChain),
                properties.getPlatform().getSignatureTtl());
    }

    /** The platform's services, stores and routes, assembled; the schema is migrated on creation. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PlatformAssembly gridPlatform(DataSource dataSource, Web3j web3j, ChainContracts chain,
                                         @Qualifier("gridPlatformCredentials") Credentials platform,
                                         PlatformSettings settings, WalletSettings wallets) {
        return new PlatformAssembly(dataSource, web3j, chain.rpcUrl(),
                new ContractAddresses(chain.token(), chain.registry(), chain.market()), platform, settings, wallets,
                Clock.systemUTC());
    }

    /** POST /typed-data/{action} and POST /credits/{user}/withdraw: routes {@code platform-typed-data}, ... */
    @Bean
    public RoutesBuilder gridPlatformSigningRoutes(PlatformAssembly platform) {
        return platform.signingRoutes();
    }

    /** GET /chain: route {@code platform-chain}, step {@code direct:grid-platform-chain}. */
    @Bean
    public RoutesBuilder gridPlatformChainRoutes(PlatformAssembly platform) {
        return platform.chainRoutes();
    }

    /** The REST API: routes {@code platform-*}, steps {@code direct:grid-platform-*}. */
    @Bean
    public RoutesBuilder gridPlatformRestRoutes(PlatformAssembly platform) {
        return platform.restRoutes();
    }

    /** The scheduled jobs: transfer confirmations, order lifecycle, outbox passes. */
    @Bean
    public RoutesBuilder gridPlatformJobRoutes(PlatformAssembly platform) {
        return platform.jobRoutes();
    }
}
