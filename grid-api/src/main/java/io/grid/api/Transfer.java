package io.grid.api;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A token transfer to the market contract, identified by (tx hash, log index).
 *
 * @param txHash        transaction hash, {@code 0x} and 64 hex digits, lower case
 * @param logIndex      index of the Transfer log within its block
 * @param from          the sender, who receives the credits
 * @param to            the recipient (the market contract)
 * @param amount        amount in token base units
 * @param confirmations blocks on top of and including the transfer's block
 * @param state         what the platform knows of it
 */
public record Transfer(String txHash, long logIndex, Address from, Address to, BigInteger amount, long confirmations,
                       TransferState state) {

    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

    public Transfer {
        txHash = txHash(txHash);
        Require.notNegative(logIndex, "logIndex");
        Require.present(from, "from");
        Require.present(to, "to");
        Require.amount(amount, "amount");
        Require.notNegative(confirmations, "confirmations");
        Require.present(state, "state");
    }

    /** Normalises a transaction hash to lower case, refusing anything that is not 0x + 64 hex digits. */
    public static String txHash(String value) {
        if (value == null) {
            throw new IllegalArgumentException("txHash is missing");
        }
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        if (!HASH.matcher(lower).matches()) {
            throw new IllegalArgumentException("malformed txHash: expected 0x and 64 hex digits");
        }
        return lower;
    }
}
