package io.grid.samples.server;

import io.grid.core.log.LogEvent;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * With a managed local chain the chain starts empty every time, so the databases that mirror it
 * ({@code ./.grid/local}) must start empty too; a real chain's databases are never touched.
 */
class LocalStateReset implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStateReset.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (event.getEnvironment().getProperty("grid.chain.local.enabled", Boolean.class, false)) {
            Path state = Path.of(event.getEnvironment().getProperty("grid-server.local-state", ".grid/local"));
            GridServer.deleteTree(state);
            LogEvent.info(LOG, "local_state_reset").with("path", state).log();
        }
    }
}
