package io.grid.core.order;

/** Something that can be done to an order; each is legal only from certain states. */
public enum OrderAction {
    /** The ordered duration is over: {@code ACTIVE → COMPLETED}. */
    COMPLETE,
    /** The order is stopped early: {@code CREATED | ACTIVE → CANCELLED}. */
    CANCEL,
    /** Provider share and refund are paid out, once, after a final state. */
    SETTLE
}
