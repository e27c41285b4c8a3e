/**
 * The catalogue of why a request is refused ({@link io.grid.core.refusal.Refusal}, client errors) or could not be
 * completed ({@link io.grid.core.refusal.Outage}, server errors), and the exceptions that carry them. Services throw
 * these; the HTTP edge chooses the response.
 */
package io.grid.core.refusal;
