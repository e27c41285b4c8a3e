/**
 * The public model of GRID: the records and enums that cross module and network boundaries.
 * Every factory and constructor refuses impossible values (negative amounts, zero durations,
 * malformed addresses) with {@link java.lang.IllegalArgumentException}.
 */
package io.grid.api;
