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
        txHash = Transfer.txHash(txHash);
        blockHash = Transfer.txHash(blockHash);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(amount, "amount");
        if (logIndex < 0 || blockNumber < 0 || amount.signum() < 0) {
            throw new IllegalArgumentException("logIndex, blockNumber and amount must not be negative");
        }
    }

    /** Confirmations at chain head {@code head}: the log's block and every block on top of it. */
    public long confirmationsAt(long head) {
        return Math.max(0, head - blockNumber + 1);
    }
}
