package io.grid.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.starter.GridProperties;
import io.grid.starter.config.TomlPropertySourceLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** The shipped config.toml example binds to GRID's properties, key for key. */
class ConfigTomlExampleTest {

    @Test
    void exampleConfigTomlBindsToGridProperties() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new TomlPropertySourceLoader().load("config.toml",
                new FileSystemResource(Path.of("config.toml.example"))).forEach(environment.getPropertySources()::addFirst);

        GridProperties grid = new Binder(ConfigurationPropertySources.get(environment))
                .bind("grid", GridProperties.class).get();

        assertThat(grid.getGateway().isEnabled()).isTrue();
        assertThat(grid.getPlatform().isEnabled()).isFalse();
        assertThat(grid.getGateway().getPublicUrl()).isEqualTo("https://gateway.example.com");
        assertThat(grid.getGateway().getAllocatable().getCpuMillicores()).isEqualTo(32_000);
        assertThat(grid.getChain().getChainId()).isEqualTo(11_155_111L);
        assertThat(grid.getChain().getLocal().isEnabled()).isFalse();
        assertThat(grid.getKubernetes().getKubeconfig()).isEqualTo(Path.of("/etc/grid/kubeconfig"));
        assertThat(grid.getHttp().getPort()).isEqualTo(8080);
    }

    @Test
    void localConfigTomlBindsToALocalChainWithABlockTimeAndBothSides() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new TomlPropertySourceLoader().load("config.toml",
                new FileSystemResource(Path.of("config.local.toml"))).forEach(environment.getPropertySources()::addFirst);

        GridProperties grid = new Binder(ConfigurationPropertySources.get(environment))
                .bind("grid", GridProperties.class).get();

        assertThat(grid.getPlatform().isEnabled()).isTrue();
        assertThat(grid.getGateway().isEnabled()).isTrue();
        assertThat(grid.getChain().getLocal().isEnabled()).isTrue();
        assertThat(grid.getChain().getLocal().getBlockTime()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(grid.getPlatform().getSignatureTtl()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(grid.getKubernetes().isSimulated()).isTrue();
        assertThat(grid.getHttp().getHost()).isEqualTo("127.0.0.1");
    }
}
