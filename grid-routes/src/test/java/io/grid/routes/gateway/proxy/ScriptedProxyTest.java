package io.grid.routes.gateway.proxy;

import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A proxy ({@link ProxyFixture}) in front of a {@link ScriptedApp} that answers order 5, fresh for each test,
 * under {@link BufferLeakWatch}.
 */
@ExtendWith(BufferLeakWatch.class)
abstract class ScriptedProxyTest {

    ProxyFixture fixture;
    ScriptedApp app;

    @BeforeEach
    void startProxy() throws IOException {
        fixture = new ProxyFixture();
    }

    @AfterEach
    void stopProxyAndApp() throws IOException {
        fixture.close();
        if (app != null) {
            app.close();
        }
    }

    /** Order 5's app answers by {@code script}. */
    void serve(ScriptedApp.Script script) throws IOException {
        app = new ScriptedApp(script);
        fixture.decide(5, Decision.allowed(app.entrance()));
    }
}
