package io.grid.starter;

import io.grid.api.Address;
import io.grid.contracts.chain.AnvilBinary;
import io.grid.contracts.chain.LocalChain;
import java.io.IOException;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The chain, for an application that runs the platform or the gateway: a JSON-RPC client for {@code grid.chain.rpc-url} and the contract addresses, or — only when
 * {@code grid.chain.local.enabled=true} — a managed local Anvil chain with freshly deployed contracts.
 */
@AutoConfiguration(after = GridAutoConfiguration.class)
@ConditionalOnExpression("${grid.platform.enabled:false} or ${grid.gateway.enabled:false}")
public class GridChainAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GridChainAutoConfiguration.class);

    /** A managed local chain for demos and development; never configured by default. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "grid.chain.local", name = "enabled", havingValue = "true")
    static class LocalChainConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        LocalChain gridLocalChain(GridProperties properties) {
            GridProperties.Chain.Local local = properties.getChain().getLocal();
            LocalChain chain = LocalChain.start(local.getAnvil() == null ? AnvilBinary.locate() : local.getAnvil(),
                    local.getBlockTime());
            LOG.warn("event=local_chain_started rpc={} blockTime={} note=\"DEVELOPMENT chain with publicly known keys\"",
                    chain.rpcUrl(), local.getBlockTime() == null ? "per transaction" : local.getBlockTime());
            return chain;
        }

        @Bean
        @ConditionalOnMissingBean
        Web3j gridWeb3j(LocalChain chain) {
            return chain.web3j();
        }

        @Bean
        @ConditionalOnMissingBean
        ChainContracts gridChainContracts(LocalChain chain) {
            return new ChainContracts(chain.rpcUrl(), LocalChain.CHAIN_ID,
                    Address.of(chain.token().getContractAddress()),
                    Address.of(chain.registry().getContractAddress()),
                    Address.of(chain.market().getContractAddress()));
        }
    }

    /** A chain node given by URL, with the contracts at configured addresses. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "grid.chain.local", name = "enabled", havingValue = "false", matchIfMissing = true)
    static class RemoteChainConfiguration {

        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean
        Web3j gridWeb3j(GridProperties properties) {
            String url = properties.getChain().getRpcUrl();
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("grid.chain.rpc-url is not set: give the JSON-RPC URL of the chain node "
                        + "(or set grid.chain.local.enabled=true for a local development chain)");
            }
            return Web3j.build(new HttpService(url));
        }

        @Bean
        @ConditionalOnMissingBean
        ChainContracts gridChainContracts(GridProperties properties, Web3j web3j) throws IOException {
            GridProperties.Chain chain = properties.getChain();
            BigInteger reported = web3j.ethChainId().send().getChainId();
            if (chain.getChainId() != null && reported.longValueExact() != chain.getChainId()) {
                throw new IllegalStateException("the chain node reports chain id " + reported
                        + " but grid.chain.chain-id is " + chain.getChainId());
            }
            return new ChainContracts(chain.getRpcUrl(), reported.longValueExact(),
                    required(chain.getTokenAddress(), "grid.chain.token-address"),
                    required(chain.getRegistryAddress(), "grid.chain.registry-address"),
                    required(chain.getMarketAddress(), "grid.chain.market-address"));
        }

        private static Address required(String value, String property) {
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(property + " is not set");
            }
            return Address.of(value);
        }
    }
}
