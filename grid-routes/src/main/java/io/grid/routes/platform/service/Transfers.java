package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Transfer;
import io.grid.routes.platform.store.TransferStore;
import io.grid.routes.platform.transfers.TransferConfirmations;
import io.grid.routes.platform.transfers.TransferReport;
import java.util.List;

/** Token transfers to the market that users report, and how far their confirmation has come. */
public class Transfers {

    private final TransferConfirmations confirmations;
    private final TransferStore store;

    public Transfers(TransferConfirmations confirmations, TransferStore store) {
        this.confirmations = confirmations;
        this.store = store;
    }

    /** Records the transfers a reported transaction holds (once, however often it is reported). */
    public TransferReport report(String txHash) {
        return confirmations.report(txHash);
    }

    /**
     * Checks the transaction's receipt and the confirmations of every pending transfer now, instead of waiting for
     * the scheduled cycle; a transfer that has enough confirmations is confirmed and its credit queued.
     */
    public TransferReport refresh(String txHash) {
        TransferReport report = confirmations.report(txHash);
        if (!report.mined() || report.rejection() != null) {
            return report;
        }
        confirmations.poll();
        return new TransferReport(report.txHash(), true, store.findByTxHash(report.txHash()), null);
    }

    /** The transfers {@code user} sent to the market, newest first, with their confirmation state. */
    public List<Transfer> byUser(Address user) {
        return store.byFrom(user);
    }
}
