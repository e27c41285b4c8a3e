package io.grid.client;

import io.grid.api.Resources;

/**
 * One app template of a gateway's catalog.
 *
 * @param id          what to deploy it by
 * @param name        its name
 * @param description what it is
 * @param minimum     the least an order must hold to run it
 */
public record AppListing(String id, String name, String description, Resources minimum) {
}
