package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.api.Resources;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.platform.GatewayProbeSettings;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.WalletSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;

/**
 * Every {@code grid.*} property is documented: the configuration metadata that
 * spring-boot-configuration-processor generates from {@link GridProperties} gives each a description and, when
 * it has one, its default; the README's property table names each (regenerate that table from the metadata
 * when a property is added).
 */
class GridPropertiesMetadataTest {

    private static List<JsonNode> gridProperties() throws IOException {
        try (InputStream in = GridProperties.class.getClassLoader()
                .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            List<JsonNode> properties = new ArrayList<>();
            for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                if (property.path("name").asText().startsWith("grid.")) {
                    properties.add(property);
                }
            }
            return properties;
        }
    }

    /** The value a fresh {@link GridProperties} holds for {@code grid.a-b.c-d}: its bean path {@code aB.cD}. */
    private static Object defaultOf(String name) {
        String path = Arrays.stream(name.substring("grid.".length()).split("\\."))
                .map(GridPropertiesMetadataTest::camelCase).collect(Collectors.joining("."));
        return new BeanWrapperImpl(new GridProperties()).getPropertyValue(path);
    }

    private static String camelCase(String kebab) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    @Test
    void everyGridPropertyHasADescription() throws IOException {
        List<JsonNode> properties = gridProperties();

        assertThat(properties).hasSizeGreaterThan(80);
        List<String> undescribed = properties.stream().filter(p -> p.path("description").asText().isBlank())
                .map(p -> p.path("name").asText()).toList();
        assertThat(undescribed).isEmpty();
    }

    @Test
    void everyGridPropertyWithADefaultShowsItInTheMetadata() throws IOException {
        List<String> withoutShownDefault = gridProperties().stream()
                .filter(p -> !p.has("defaultValue"))
                .map(p -> p.path("name").asText())
                .filter(name -> {
                    Object value = defaultOf(name);
                    return value != null && !(value instanceof Collection<?> none && none.isEmpty());
                })
                .toList();

        assertThat(withoutShownDefault).isEmpty();
    }

    @Test
    void theReadmeListsEveryGridProperty() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

        List<String> unlisted = gridProperties().stream().map(p -> p.path("name").asText())
                .filter(name -> !readme.contains("| `" + name + "` |")).toList();

        assertThat(unlisted).isEmpty();
    }

    @Test
    void propertyDefaultsAreThoseOfTheSettingsRecords() {
        GridProperties properties = new GridProperties();
        GatewaySettings usual = GatewaySettings.of(URI.create("http://127.0.0.1:8080"), 1, Resources.of(1, 1, 1));
        GridProperties.Gateway gateway = properties.getGateway();

        assertThat(properties.getPlatform().getSettlementBatchSize())
                .isEqualTo(PlatformSettings.DEFAULT_SETTLEMENT_BATCH_SIZE);
        assertThat(properties.getPlatform().getSignatureTtl()).isEqualTo(WalletSettings.DEFAULT_SIGNATURE_TTL);
        GatewayProbeSettings probes = GatewayProbeSettings.defaults();
        assertThat(properties.getPlatform().getGatewayProbe().getInterval()).isEqualTo(probes.interval());
        assertThat(properties.getPlatform().getGatewayProbe().getTimeout()).isEqualTo(probes.timeout());
        assertThat(properties.getPlatform().getGatewayProbe().getRetention()).isEqualTo(probes.retention());
        assertThat(gateway.getCookieName()).isEqualTo(usual.cookieName());
        assertThat(gateway.getSignInNonceTtl()).isEqualTo(usual.nonceTtl());
        assertThat(gateway.getSignInNonceCapacity()).isEqualTo(usual.nonceCapacity());
        assertThat(gateway.getAcceptTimeout()).isEqualTo(usual.acceptTimeout());
        assertThat(gateway.getLifecycleInterval()).isEqualTo(usual.lifecyclePeriod());
        assertThat(gateway.getReadinessTimeout()).isEqualTo(usual.readinessTimeout());
        assertThat(gateway.getSettleGrace()).isEqualTo(usual.settleGrace());
        assertThat(gateway.getLogRetention()).isEqualTo(usual.logRetention());
        assertThat(gateway.getRetainedLogChars()).isEqualTo(usual.retainedLogChars());
        assertThat(gateway.getMaxYamlBytes()).isEqualTo(usual.yamlLimits().maxBytes());
        assertThat(gateway.getYamlFetchTimeout()).isEqualTo(usual.yamlLimits().timeout());
        assertThat(gateway.getYamlConnectTimeout()).isEqualTo(usual.yamlConnectTimeout());
        assertThat(gateway.getProxyConnectTimeout()).isEqualTo(usual.proxy().connectTimeout());
        assertThat(gateway.getProxyTimeout()).isEqualTo(usual.proxy().responseTimeout());
        assertThat(gateway.getProxyWorkerThreads()).isEqualTo(usual.proxy().workerThreads());
        assertThat(gateway.getProxyMaxIdleConnectionsPerEntrance())
                .isEqualTo(usual.proxy().maxIdleConnectionsPerEntrance());
        assertThat(gateway.getProxyIdleConnectionTimeout()).isEqualTo(usual.proxy().idleConnectionTimeout());
    }
}
