/**
 * The greet steps of a provider's gateway as pure checks ({@link io.grid.core.greet.GreetChecks},
 * {@link io.grid.core.greet.Capacity}), and the typed refusals they share with sign-in and cookies
 * ({@link io.grid.core.refusal.Refusal}, {@link io.grid.core.refusal.RefusedException}).
 */
package io.grid.core.greet;
