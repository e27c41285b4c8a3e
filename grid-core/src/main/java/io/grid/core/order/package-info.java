/**
 * The life of an order: legal transitions between {@link io.grid.api.OrderState}s, and the typed
 * refusal of illegal ones ({@link io.grid.core.order.IllegalOrderTransitionException}).
 */
package io.grid.core.order;
