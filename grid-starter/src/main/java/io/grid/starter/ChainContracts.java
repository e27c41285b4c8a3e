package io.grid.starter;

import io.grid.api.Address;

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
}
