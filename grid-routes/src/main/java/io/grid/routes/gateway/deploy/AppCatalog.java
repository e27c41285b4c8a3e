package io.grid.routes.gateway.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.api.Resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Extension point: the gateway's app catalog. {@link #bundled()} reads the small catalog shipped
 * with GRID ({@code catalog/catalog.json} beside this class: a web server and an echo app); an
 * integrator passes templates of their own to the constructor.
 */
public class AppCatalog {

    private static final String BUNDLED = "catalog/";

    private final Map<String, AppTemplate> templates = new LinkedHashMap<>();

    /** A catalog of {@code templates}, listed in this order. */
    public AppCatalog(List<AppTemplate> templates) {
        for (AppTemplate template : templates) {
            if (this.templates.putIfAbsent(template.id(), template) != null) {
                throw new IllegalArgumentException("two templates have the id " + template.id());
            }
        }
    }

    /** The catalog shipped with GRID. */
    public static AppCatalog bundled() {
        List<Entry> entries = read(BUNDLED + "catalog.json", stream -> new ObjectMapper().readValue(stream,
                new TypeReference<List<Entry>>() { }));
        return new AppCatalog(entries.stream().map(e -> new AppTemplate(e.id(), e.name(), e.description(), e.minimum(),
                read(BUNDLED + e.file(), stream -> new String(stream.readAllBytes(), StandardCharsets.UTF_8)))).toList());
    }

    /** The template with this id. */
    public Optional<AppTemplate> find(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    /** Every template as users see it. */
    public List<AppTemplate.Listing> listings() {
        return templates.values().stream().map(AppTemplate::listing).toList();
    }

    private record Entry(String id, String name, String description, Resources minimum, String file) {
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(InputStream stream) throws IOException;
    }

    private static <T> T read(String resource, Reader<T> reader) {
        try (InputStream stream = AppCatalog.class.getResourceAsStream(resource)) {
            if (stream == null) {
                throw new IllegalStateException("the bundled catalog lacks " + resource);
            }
            return reader.read(stream);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled catalog's " + resource, e);
        }
    }
}
