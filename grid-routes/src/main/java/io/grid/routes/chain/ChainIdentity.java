package io.grid.routes.chain;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * Which chain a node serves: its EIP-155 chain id and the hash of its genesis block. Two chains with the same id
 * (a restarted local Anvil chain, a devnet reset) still differ in their genesis block, so this pair is what a
 * database records as the chain it was made for.
 *
 * @param chainId     the chain id
 * @param genesisHash hash of block 0, {@code 0x} and 64 lower-case hex digits
 */
public record ChainIdentity(long chainId, String genesisHash) {

    public ChainIdentity {
        Objects.requireNonNull(genesisHash, "genesisHash");
        genesisHash = genesisHash.toLowerCase(Locale.ROOT);
        if (!genesisHash.matches("0x[0-9a-f]{64}")) {
            throw new IllegalArgumentException("genesisHash must be 0x and 64 hex digits, got " + genesisHash);
        }
    }

    /**
     * Asks {@code web3j} for its chain id and genesis block.
     *
     * @throws ChainUnavailableException when the node does not answer
     */
    public static ChainIdentity of(Web3j web3j) {
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            EthBlock genesis = web3j.ethGetBlockByNumber(new DefaultBlockParameterNumber(0), false).send();
            if (genesis.hasError() || genesis.getBlock() == null) {
                throw new ChainUnavailableException("the chain node did not answer its genesis block", null);
            }
            return new ChainIdentity(chainId, genesis.getBlock().getHash());
        } catch (IOException e) {
            throw new ChainUnavailableException("the chain node cannot be reached: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "chain id " + chainId + " (genesis block " + genesisHash + ")";
    }
}
