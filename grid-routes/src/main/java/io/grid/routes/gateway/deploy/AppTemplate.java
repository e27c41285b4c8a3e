package io.grid.routes.gateway.deploy;

import io.grid.api.Resources;

import java.util.Objects;

/**
 * An app a user can deploy by id instead of giving a YAML URL.
 *
 * @param id          the id a deploy request names
 * @param name        a display name
 * @param description what the app is
 * @param minimum     the least an order must hold for the app to run
 * @param yaml        the app's Kubernetes YAML (it still goes through the YAML policy)
 */
public record AppTemplate(String id, String name, String description, Resources minimum, String yaml) {

    public AppTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(yaml, "yaml");
    }

    /** The template as listed to users: everything but the YAML. */
    public Listing listing() {
        return new Listing(id, name, description, minimum);
    }

    /**
     * A catalog entry as users see it.
     *
     * @param id          the id a deploy request names
     * @param name        a display name
     * @param description what the app is
     * @param minimum     the least an order must hold
     */
    public record Listing(String id, String name, String description, Resources minimum) {
    }
}
