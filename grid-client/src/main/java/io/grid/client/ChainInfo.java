package io.grid.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import java.math.BigInteger;

/**
 * What {@code GET /chain} says: the chain and contracts a wallet needs to talk to GRID.
 *
 * @param apiVersion    the HTTP API's version
 * @param chainId       the EVM chain id
 * @param rpcUrl        a public JSON-RPC URL for wallets, or null when the server names none
 * @param token         the ERC-20 token credits are bought with
 * @param registry      the provider registry contract
 * @param market        the market contract
 * @param payTo         the address users send tokens to
 * @param confirmations the confirmations a transfer needs before it is credited
 * @param domains       the EIP-712 domains by contract ({@code registry}, {@code market}), as JSON
 */
public record ChainInfo(String apiVersion, long chainId, String rpcUrl, Token token, Address registry, Address market,
                        Address payTo, long confirmations, JsonNode domains) {

    /** Anvil's (and Hardhat's) chain id: the only chain where publicly known development keys are welcome. */
    public static final long LOCAL_DEVELOPMENT_CHAIN_ID = 31337L;

    /** @return true on the local development chain id 31337 */
    public boolean isLocalDevelopmentChain() {
        return chainId == LOCAL_DEVELOPMENT_CHAIN_ID;
    }

    /**
     * The ERC-20 token.
     *
     * @param address  its contract
     * @param symbol   its symbol, e.g. GRID
     * @param decimals its decimals: 1 token = 10^decimals base units
     */
    public record Token(Address address, String symbol, int decimals) {

        /** @return the amount in base units written with this token's decimals and symbol */
        public String format(BigInteger baseUnits) {
            return TokenAmount.format(baseUnits, decimals) + " " + symbol;
        }
    }
}
