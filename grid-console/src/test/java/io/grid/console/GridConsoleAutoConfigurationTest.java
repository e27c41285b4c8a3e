package io.grid.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.starter.GridAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The console is served only when the host turns it on. */
class GridConsoleAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, GridConsoleAutoConfiguration.class))
            .withPropertyValues("grid.datasource.url=jdbc:derby:memory:console-test;create=true");

    @Test
    void servesNoConsoleUnlessEnabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ConsoleRoutes.class));
    }

    @Test
    void servesTheConsoleWhenEnabled() {
        runner.withPropertyValues("grid.console.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(ConsoleRoutes.class).hasSingleBean(ConsoleAssets.class));
    }

    @Test
    void aHostsOwnAssetsReplaceTheJarsFiles() {
        ConsoleAssets own = new ConsoleAssets();
        runner.withPropertyValues("grid.console.enabled=true").withBean(ConsoleAssets.class, () -> own)
                .run(context -> assertThat(context.getBean(ConsoleAssets.class)).isSameAs(own));
    }
}
