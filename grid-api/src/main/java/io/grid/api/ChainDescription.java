package io.grid.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What a wallet needs to act on a GRID platform or gateway ({@code GET /chain}): the chain, the contracts, where
 * tokens are paid to, how many confirmations a transfer needs, and the EIP-712 domains signatures are made in.
 * Chain ids are decimal strings, like every number that may exceed 2^53.
 *
 * @param apiVersion    version of the HTTP API ({@code "1"})
 * @param chainId       EIP-155 chain id
 * @param rpcUrl        a public JSON-RPC URL wallets may use; absent when none is published
 * @param token         the ERC-20 token credits are bought with
 * @param registry      the ProviderRegistry contract
 * @param market        the Market contract
 * @param payTo         the address users send tokens to for credits (the Market)
 * @param confirmations blocks a transfer needs before it is credited
 * @param domains       the EIP-712 domains by contract ({@code registry}, {@code market})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainDescription(String apiVersion, String chainId, String rpcUrl, Token token, Address registry,
                               Address market, Address payTo, int confirmations, Map<String, Domain> domains) {

    /** The HTTP API version this build serves. */
    public static final String API_VERSION = "1";

    /**
     * The ERC-20 token.
     *
     * @param address  its contract
     * @param symbol   its symbol ({@code GRID})
     * @param decimals its decimals: amounts are in base units of 10^-decimals tokens
     */
    public record Token(Address address, String symbol, int decimals) {
    }

    /**
     * An EIP-712 domain, as {@code eth_signTypedData_v4} takes it.
     *
     * @param name              the contract's EIP-712 name
     * @param version           its EIP-712 version
     * @param chainId           the chain id, a decimal string
     * @param verifyingContract the contract
     */
    public record Domain(String name, String version, String chainId, Address verifyingContract) {
    }
}
