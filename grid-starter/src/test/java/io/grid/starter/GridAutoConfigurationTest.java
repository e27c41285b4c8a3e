package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class GridAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, DataSourceAutoConfiguration.class));

    @Test
    void givesEmbeddedDerbyWhenHostHasNoDatabase(@TempDir Path dir) {
        runner.withPropertyValues("grid.datasource.url=jdbc:derby:" + dir.resolve("db") + ";create=true")
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
                    try (Connection connection = dataSource.getConnection()) {
                        assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("Apache Derby");
                    }
                    ((HikariDataSource) dataSource).close();
                });
    }

    @Test
    void keepsTheHostsOwnDataSource() {
        SimpleDriverDataSource own = new SimpleDriverDataSource();
        runner.withBean(DataSource.class, () -> own)
                .run(context -> assertThat(context.getBean(DataSource.class)).isSameAs(own));
    }

    @Test
    void backsOffWhenSpringDatasourceUrlIsSet(@TempDir Path dir) {
        runner.withPropertyValues("spring.datasource.url=jdbc:derby:" + dir.resolve("spring") + ";create=true")
                .run(context -> assertThat(context).doesNotHaveBean("gridDataSource").hasSingleBean(DataSource.class));
    }

    @Test
    void sharesJsonAndProblemsUnlessTheHostReplacesThem() {
        Json own = new Json();
        runner.withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-json;create=true")
                .run(context -> assertThat(context).hasSingleBean(Json.class).hasSingleBean(Problems.class));
        runner.withPropertyValues("grid.datasource.url=jdbc:derby:memory:grid-json2;create=true")
                .withBean(Json.class, () -> own)
                .run(context -> assertThat(context.getBean(Json.class)).isSameAs(own));
    }
}
