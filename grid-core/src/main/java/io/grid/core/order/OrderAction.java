package io.grid.core.order;

/** Something that can be done to an order; each is legal only from certain states. */
public enum OrderAction {
    /** The provider's gateway verified it is the payee: {@code CREATED → ACCEPTED}. */
    ACCEPT,
    /** Serving begins and the served time starts counting: {@code ACCEPTED → ACTIVE}. */
    ACTIVATE,
    /** The ordered duration is over: {@code ACTIVE → COMPLETED}. */
    COMPLETE,
    /** The order is stopped early: {@code CREATED | ACCEPTED | ACTIVE → CANCELLED}. */
    CANCEL,
    /** Provider share and refund are paid out, once, after a final state. */
    SETTLE
}
