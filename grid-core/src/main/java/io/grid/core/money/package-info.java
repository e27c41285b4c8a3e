/**
 * Money rules of GRID in integer token base units: what an order costs ({@link io.grid.core.money.Pricing})
 * and how its cost is split between provider and user when it ends ({@link io.grid.core.money.Settlement}).
 */
package io.grid.core.money;
