/**
 * What an order's running app is doing, decided from what the cluster reports: the typed reason an
 * app fails ({@link io.grid.core.app.AppDiagnosis}), without I/O.
 */
package io.grid.core.app;
