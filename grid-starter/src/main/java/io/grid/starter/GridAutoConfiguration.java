package io.grid.starter;

import com.zaxxer.hikari.HikariDataSource;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.log.LogEvent;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The beans every part of GRID shares: the JSON mapping, the problem+json mapping, and — when the host
 * application has no database of its own — an embedded Derby database in a local folder.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(GridProperties.class)
public class GridAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GridAutoConfiguration.class);

    /** JSON bodies: amounts as strings, unknown fields refused. */
    @Bean
    @ConditionalOnMissingBean
    public Json gridJson() {
        return new Json();
    }

    /** Maps failures of GRID's HTTP routes to problem+json responses; register more mappings on it. */
    @Bean
    @ConditionalOnMissingBean
    public Problems gridProblems(Json json) {
        return new Problems(json);
    }

    /**
     * GRID's database when the host has none: {@code grid.datasource.url}, by default an embedded Derby
     * database under {@code ./.grid/db}. A host DataSource bean or {@code spring.datasource.url} wins.
     */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    @ConditionalOnExpression("'${spring.datasource.url:}' == ''")
    public DataSource gridDataSource(GridProperties properties) {
        GridProperties.Datasource db = properties.getDatasource();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("grid");
        dataSource.setJdbcUrl(db.getUrl());
        dataSource.setUsername(db.getUsername());
        dataSource.setPassword(db.getPassword());
        LogEvent.info(LOG, "datasource_configured").with("url", db.getUrl()).log();
        return dataSource;
    }
}
