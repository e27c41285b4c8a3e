package io.grid.routes.platform.transfers;

import io.grid.api.Transfer;
import io.grid.routes.platform.store.TransferRejection;
import java.util.List;

/**
 * What the platform made of a transaction hash a user reported.
 *
 * @param txHash    the reported hash
 * @param mined     false while the node has no receipt for it yet (report again later)
 * @param transfers the transfers to the market it holds, as recorded; empty when rejected or not mined
 * @param rejection why it gives no credits, or null
 */
public record TransferReport(String txHash, boolean mined, List<Transfer> transfers, TransferRejection rejection) {

    public TransferReport {
        transfers = List.copyOf(transfers);
    }
}
