package io.grid.samples.server;

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
            GridServer.deleteTree(GridServer.LOCAL_STATE);
            LOG.info("event=local_state_reset path={}", GridServer.LOCAL_STATE);
        }
    }
}
