package io.grid.routes.platform.store;

/** Why a reported transaction or a seen transfer gives no credits. */
public enum TransferRejection {
    /** The transaction's receipt has status 0: it reverted and moved no tokens. */
    FAILED_TRANSACTION,
    /** The receipt holds no Transfer log of the configured token to the market. */
    NO_TRANSFER_TO_MARKET,
    /** The transfer's block left the canonical chain before it had enough confirmations. */
    REORGED
}
