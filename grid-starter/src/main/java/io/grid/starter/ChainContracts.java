package io.grid.starter;

import io.grid.api.Address;
import io.grid.contracts.chain.LocalChain;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Where GRID's contracts live on the configured chain.
 *
 * @param rpcUrl   the node's JSON-RPC URL
 * @param chainId  the chain's id, as the node reports it
 * @param token    the ERC-20 users pay with
 * @param registry the ProviderRegistry
 * @param market   the Market
 */
public record ChainContracts(String rpcUrl, long chainId, Address token, Address registry, Address market) {

    /**
     * The JSON-RPC URL published to wallets: {@code grid.chain.public-rpc-url}, else the managed local chain's URL
     * when the chain is local, else none.
     */
    static String publicRpcUrl(GridProperties properties, ObjectProvider<LocalChain> localChain) {
        String configured = properties.getChain().getPublicRpcUrl();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        LocalChain local = localChain.getIfAvailable();
        return local == null ? null : local.rpcUrl();
    }
}
