package io.grid.routes.chain;

import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.contracts.wrappers.GridToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * Describes the configured chain for wallets ({@code GET /chain}): chain id, contracts, the token's symbol and
 * decimals (read from the token once), the address tokens are paid to, the confirmations a transfer needs, the
 * EIP-712 domains and, when one is published, a public JSON-RPC URL. The platform and the gateway answer the same.
 */
public class ChainDescriptions {

    private final Web3j web3j;
    private final long chainId;
    private final Address token;
    private final Address registry;
    private final Address market;
    private final int confirmations;
    private final String publicRpcUrl;
    private volatile ChainDescription described;

    /**
     * @param web3j         the chain node, to read the token's symbol and decimals
     * @param chainId       the chain id
     * @param token         the ERC-20 token
     * @param registry      the ProviderRegistry
     * @param market        the Market (where tokens are paid to)
     * @param confirmations blocks a transfer needs before it is credited
     * @param publicRpcUrl  a JSON-RPC URL wallets may use, or null to publish none
     */
    public ChainDescriptions(Web3j web3j, long chainId, Address token, Address registry, Address market,
                             int confirmations, String publicRpcUrl) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.token = token;
        this.registry = registry;
        this.market = market;
        this.confirmations = confirmations;
        this.publicRpcUrl = publicRpcUrl == null || publicRpcUrl.isBlank() ? null : publicRpcUrl;
    }

    /**
     * @return the description; the token is read at the first call
     * @throws ChainUnavailableException when the token cannot be read
     */
    public ChainDescription describe() {
        ChainDescription description = described;
        if (description == null) {
            description = new ChainDescription(ChainDescription.API_VERSION, Long.toString(chainId), publicRpcUrl,
                    readToken(), registry, market, market, confirmations, domains());
            described = description;
        }
        return description;
    }

    private Map<String, ChainDescription.Domain> domains() {
        String id = Long.toString(chainId);
        Map<String, ChainDescription.Domain> domains = new LinkedHashMap<>();
        domains.put("registry", new ChainDescription.Domain(RegistrySignatures.NAME, RegistrySignatures.VERSION, id,
                registry));
        domains.put("market", new ChainDescription.Domain(MarketSignatures.NAME, MarketSignatures.VERSION, id, market));
        return domains;
    }

    @SuppressWarnings("deprecation") // DefaultGasProvider is never used: the wrapper only reads.
    private ChainDescription.Token readToken() {
        GridToken wrapper = GridToken.load(token.value(), web3j, new ReadonlyTransactionManager(web3j, market.value()),
                new DefaultGasProvider());
        try {
            String symbol = wrapper.symbol().send();
            BigInteger decimals = wrapper.decimals().send();
            return new ChainDescription.Token(token, symbol, decimals.intValueExact());
        } catch (IOException e) {
            throw new ChainUnavailableException("reading the token's symbol and decimals failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainUnavailableException("reading the token's symbol and decimals failed: " + e.getMessage(), e);
        }
    }
}
