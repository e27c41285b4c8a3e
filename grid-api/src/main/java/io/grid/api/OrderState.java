package io.grid.api;

/**
 * Where an order is in its life: {@code CREATED → ACCEPTED → ACTIVE → COMPLETED | CANCELLED}.
 * A created or accepted order may also be cancelled.
 */
public enum OrderState {
    /** Paid into escrow by the user, not yet accepted by the provider. */
    CREATED,
    /** The provider's gateway verified it is the payee and locked the order. */
    ACCEPTED,
    /** Being served; the served time counts from the start. */
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
