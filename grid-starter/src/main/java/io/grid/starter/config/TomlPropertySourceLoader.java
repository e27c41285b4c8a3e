package io.grid.starter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;

/**
 * Lets Spring Boot read {@code .toml} files, so a provider's {@code config.toml} uses the same keys as
 * {@code application.yml} and environment variables: the table {@code [grid.gateway]} with
 * {@code listen = "..."} becomes the property {@code grid.gateway.listen}, arrays become
 * {@code key[0]}, {@code key[1]}... Registered in {@code META-INF/spring.factories}; load a file with
 * {@code spring.config.import=optional:file:./config.toml}.
 */
public class TomlPropertySourceLoader implements PropertySourceLoader {

    private static final TomlMapper TOML = new TomlMapper();

    @Override
    public String[] getFileExtensions() {
        return new String[] {"toml"};
    }

    @Override
    public List<PropertySource<?>> load(String name, Resource resource) throws IOException {
        JsonNode root;
        try (InputStream in = resource.getInputStream()) {
            root = TOML.readTree(in);
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        if (flat.isEmpty()) {
            return List.of();
        }
        return List.of(new OriginTrackedMapPropertySource(name, flat, true));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> into) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else if (!node.isNull()) {
            into.put(prefix, node.isTextual() ? node.textValue() : node.asText());
        }
    }
}
