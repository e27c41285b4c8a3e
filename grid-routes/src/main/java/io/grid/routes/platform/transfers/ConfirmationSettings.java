package io.grid.routes.platform.transfers;

import java.math.BigInteger;

/**
 * How transfers to the market are confirmed.
 *
 * @param confirmations  blocks needed, counting the transfer's own block; at least 1
 * @param startBlock     first block scanned when the scan has never run
 * @param maxBlockRange  most blocks asked for in one eth_getLogs (nodes cap the range)
 * @param creditGasLimit gas limit of each {@code Market.credit} transaction
 */
public record ConfirmationSettings(int confirmations, long startBlock, long maxBlockRange, BigInteger creditGasLimit) {

    public ConfirmationSettings {
        if (confirmations < 1) {
            throw new IllegalArgumentException("confirmations must be at least 1");
        }
        if (startBlock < 0 || maxBlockRange < 1) {
            throw new IllegalArgumentException("startBlock must not be negative and maxBlockRange must be positive");
        }
        if (creditGasLimit == null || creditGasLimit.signum() <= 0) {
            throw new IllegalArgumentException("creditGasLimit must be positive");
        }
    }
}
