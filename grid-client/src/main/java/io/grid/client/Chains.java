package io.grid.client;

import io.grid.api.ChainDescription;
import java.math.BigInteger;

/** Reading a {@link ChainDescription} as a client needs it. */
public final class Chains {

    /** Anvil's (and Hardhat's) chain id: the only chain where publicly known development keys are welcome. */
    public static final long LOCAL_DEVELOPMENT_CHAIN_ID = 31337L;

    private Chains() {
    }

    /** @return the chain id as a number */
    public static long chainId(ChainDescription chain) {
        try {
            return Long.parseLong(chain.chainId());
        } catch (NumberFormatException e) {
            throw new GridUnavailableException("the server's chain id '" + chain.chainId() + "' is no number");
        }
    }

    /** @return true on the local development chain id 31337 */
    public static boolean isLocalDevelopmentChain(ChainDescription chain) {
        return chainId(chain) == LOCAL_DEVELOPMENT_CHAIN_ID;
    }

    /** @return {@code baseUnits} written with the token's decimals and symbol, e.g. {@code 1.5 GRID} */
    public static String format(ChainDescription.Token token, BigInteger baseUnits) {
        return TokenAmount.format(baseUnits, token.decimals()) + " " + token.symbol();
    }
}
