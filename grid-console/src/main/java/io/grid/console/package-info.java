/**
 * The web console: static pages served from this jar at {@code /console/} by a Camel route, switched on
 * with {@code grid.console.enabled=true}.
 */
package io.grid.console;
