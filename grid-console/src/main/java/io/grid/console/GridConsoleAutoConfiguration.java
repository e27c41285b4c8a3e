package io.grid.console;

import io.grid.core.log.LogEvent;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.starter.GridAutoConfiguration;
import io.grid.starter.GridProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Serves the web console when {@code grid.console.enabled=true}: a Camel route on the HTTP API address
 * that answers the console's files from this jar. Declare your own {@link ConsoleAssets} or
 * {@link ConsoleRoutes} bean to replace either.
 */
@AutoConfiguration(after = GridAutoConfiguration.class)
@EnableConfigurationProperties(GridConsoleProperties.class)
@ConditionalOnProperty(prefix = "grid.console", name = "enabled", havingValue = "true")
public class GridConsoleAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GridConsoleAutoConfiguration.class);

    /** The console's files, from this jar. */
    @Bean
    @ConditionalOnMissingBean
    public ConsoleAssets gridConsoleAssets() {
        return new ConsoleAssets();
    }

    /** The route serving {@code /console/} on {@code grid.http.host:port}. */
    @Bean
    @ConditionalOnMissingBean
    public ConsoleRoutes gridConsoleRoutes(Json json, Problems problems, GridProperties properties,
                                           GridConsoleProperties console, ConsoleAssets assets) {
        GridProperties.Http http = properties.getHttp();
        GridProperties.Gateway gateway = properties.getGateway();
        String appProxyUrl = console.getAppProxyUrl() != null ? console.getAppProxyUrl()
                : gateway.isEnabled() ? "http://" + gateway.getProxyHost() + ":" + gateway.getProxyPort() : null;
        LogEvent.info(LOG, "console_enabled")
                .with("url", "http://" + http.getHost() + ":" + http.getPort() + ConsoleRoutes.PATH + "/")
                .with("appProxyUrl", appProxyUrl).log();
        return new ConsoleRoutes(json, problems, http.getHost(), http.getPort(), assets, appProxyUrl);
    }
}
