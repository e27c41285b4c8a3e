package io.grid.starter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

class TomlPropertySourceLoaderTest {

    private final TomlPropertySourceLoader loader = new TomlPropertySourceLoader();

    private static ByteArrayResource toml(String text) {
        return new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flattensTablesIntoDottedPropertyNames() throws IOException {
        List<PropertySource<?>> sources = loader.load("config.toml", toml("""
                [grid.gateway]
                listen = "127.0.0.1:8443"
                max-body-bytes = 1048576
                [grid.chain]
                confirmations = 12
                rpc-url = "http://127.0.0.1:8545"
                """));

        PropertySource<?> source = sources.get(0);
        assertThat(source.getProperty("grid.gateway.listen")).isEqualTo("127.0.0.1:8443");
        assertThat(source.getProperty("grid.gateway.max-body-bytes")).isEqualTo("1048576");
        assertThat(source.getProperty("grid.chain.confirmations")).isEqualTo("12");
    }

    @Test
    void indexesArrays() throws IOException {
        PropertySource<?> source = loader.load("config.toml", toml("""
                [grid.gateway]
                allowed-hosts = ["a.example", "b.example"]
                """)).get(0);

        assertThat(source.getProperty("grid.gateway.allowed-hosts[0]")).isEqualTo("a.example");
        assertThat(source.getProperty("grid.gateway.allowed-hosts[1]")).isEqualTo("b.example");
    }

    @Test
    void refusesMalformedToml() {
        assertThatThrownBy(() -> loader.load("config.toml", toml("[grid\nlisten = ")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void emptyFileGivesNoPropertySource() throws IOException {
        assertThat(loader.load("config.toml", toml(""))).isEmpty();
    }

    @Test
    void springBootReadsConfigTomlThroughConfigImport(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "[grid.gateway]\nlisten = \"127.0.0.1:9999\"\n");

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Object.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.import=file:" + config)
                .run()) {
            assertThat(context.getEnvironment().getProperty("grid.gateway.listen")).isEqualTo("127.0.0.1:9999");
        }
    }
}
