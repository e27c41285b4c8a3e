package io.grid.routes.platform.store;

import io.grid.api.Address;
import io.grid.api.Transfer;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One ERC-20 Transfer log to the market as read from the chain, with the block it sits in.
 *
 * @param txHash      transaction hash, lower case
 * @param logIndex    the log's index within its block
 * @param from        the sender, who is to receive the credits
 * @param to          the recipient (the market)
 * @param amount      token base units
 * @param blockNumber height of the block holding the log
 * @param blockHash   hash of that block, lower case; it tells a reorged copy from the canonical one
 */
public record ObservedTransfer(String txHash, long logIndex, Address from, Address to, BigInteger amount,
                               long blockNumber, String blockHash) {

    public ObservedTransfer {
        txHash = hash(txHash);
        blockHash = hash(blockHash);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(amount, "amount");
        if (logIndex < 0 || blockNumber < 0 || amount.signum() < 0) {
            throw new IllegalArgumentException("logIndex, blockNumber and amount must not be negative");
        }
    }

    /**
     * The hash as {@link Transfer#txHash} normalises it. One already in lower case, as nodes send them, is checked
     * by a plain loop: a confirmation cycle builds one of these per log, 10 000 at a time, and the regular
     * expression was a measured share of that; anything else takes {@link Transfer#txHash} and its refusal.
     */
    private static String hash(String value) {
        if (value == null || value.length() != 66 || !value.startsWith("0x")) {
            return Transfer.txHash(value);
        }
        for (int i = 2; i < value.length(); i++) {
            char digit = value.charAt(i);
            if ((digit < '0' || digit > '9') && (digit < 'a' || digit > 'f')) {
                return Transfer.txHash(value);
            }
        }
        return value;
    }

    /** Confirmations at chain head {@code head}: the log's block and every block on top of it. */
    public long confirmationsAt(long head) {
        return Math.max(0, head - blockNumber + 1);
    }
}
