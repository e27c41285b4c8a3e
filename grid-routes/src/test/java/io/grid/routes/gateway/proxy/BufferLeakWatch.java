package io.grid.routes.gateway.proxy;

import io.netty.util.ResourceLeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaks a Netty buffer: after each test (after its {@code @AfterEach} methods, so its
 * proxy and clients are closed) it forces Netty's leak detection with {@link BufferLeakRecorder#sweep}, and
 * after the class (for fixtures closed in {@code @AfterAll}) with {@link BufferLeakRecorder#collect}, and
 * fails with Netty's records of every leaked buffer. While a watched class runs, every buffer is tracked
 * ({@link ResourceLeakDetector.Level#PARANOID}, which this module's surefire configuration also sets for all its
 * tests; the watch sets it itself for runs outside Maven), so each leak is found and comes with where it was
 * allocated and last touched.
 *
 * <pre>{@code
 * @ExtendWith(BufferLeakWatch.class)
 * class ProxyForwardingTest { ... }
 * }</pre>
 */
public final class BufferLeakWatch implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** How long a sweep waits for the collector; a full collection of the test JVM takes well under a second. */
    static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(20);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            BufferLeakWatch.class);
    private static final String LEVEL_BEFORE = "level-before";

    @Override
    public void beforeAll(ExtensionContext context) {
        BufferLeakRecorder recorder = BufferLeakRecorder.install();
        if (!recorder.watchesBuffers()) {
            throw new IllegalStateException("Netty's buffer leak detector was made before the leak watch was "
                    + "installed, so leaks would go unnoticed: " + BufferLeakSession.class.getName()
                    + " must run first (META-INF/services/org.junit.platform.launcher.LauncherSessionListener)");
        }
        // Leaks of buffers from before this class belong to tests that are not watched: Netty has logged them.
        recorder.collect(SWEEP_TIMEOUT);
        context.getStore(NAMESPACE).put(LEVEL_BEFORE, ResourceLeakDetector.getLevel());
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks(context.getDisplayName(), false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            failOnLeaks("the class's fixtures", true);
        } finally {
            ResourceLeakDetector.setLevel(context.getStore(NAMESPACE).get(LEVEL_BEFORE,
                    ResourceLeakDetector.Level.class));
        }
    }

    /**
     * Sweeps (or, when {@code collect}, always runs the collector), and throws an {@link AssertionError}
     * listing Netty's records when any buffer leaked.
     */
    static void failOnLeaks(String where, boolean collect) {
        BufferLeakRecorder recorder = BufferLeakRecorder.install();
        List<BufferLeakRecorder.Leak> leaks = collect ? recorder.collect(SWEEP_TIMEOUT)
                : recorder.sweep(SWEEP_TIMEOUT);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) found after " + where + ":\n"
                    + leaks.stream().map(BufferLeakRecorder.Leak::toString).collect(Collectors.joining("\n")));
        }
    }
}
