package io.grid.routes.gateway.proxy;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the {@link BufferLeakRecorder} when the JUnit launcher session opens, before any test class
 * runs: Netty makes its buffer leak detector once, when {@code AbstractByteBuf} initializes, and any test of
 * the module (not only the watched ones: Camel's netty-http uses the same buffers) may be the first to
 * touch a buffer. Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class BufferLeakSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        BufferLeakRecorder.install();
    }
}
