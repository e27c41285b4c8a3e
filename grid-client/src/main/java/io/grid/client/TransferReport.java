package io.grid.client;

import io.grid.api.Transfer;
import java.util.List;

/**
 * What the platform knows about one token transaction.
 *
 * @param txHash    the transaction
 * @param mined     whether it has a receipt
 * @param transfers the token transfers to the market it holds, with their confirmations and state
 * @param rejection why it will never be credited ({@code FAILED_TRANSACTION}, {@code NO_TRANSFER_TO_MARKET},
 *                  {@code REORGED}), or null
 */
public record TransferReport(String txHash, boolean mined, List<Transfer> transfers, String rejection) {

    public TransferReport {
        transfers = transfers == null ? List.of() : List.copyOf(transfers);
    }
}
