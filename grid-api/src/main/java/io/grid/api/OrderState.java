package io.grid.api;

/**
 * Where an order is in its life: {@code CREATED → ACTIVE → COMPLETED | CANCELLED}, as the Market contract holds
 * it (a gateway's acceptance starts the service, so accepted and active are one state). A created or active order
 * may also be cancelled.
 */
public enum OrderState {
    /** Paid into escrow by the user, not yet accepted by the provider. */
    CREATED,
    /** Accepted by the provider's gateway and being served; the served time counts from the start. */
    ACTIVE,
    /** Its duration is over. */
    COMPLETED,
    /** The user cancelled it. */
    CANCELLED;

    /** True for states an order never leaves. */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
