package io.grid.routes.gateway.proxy;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Netty's leak detectors, made to tell the tests. Once {@link #install() installed} (before any Netty buffer
 * class initializes, see {@link BufferLeakSession}), every detector Netty creates is one of ours: a leak it
 * finds is kept here, with Netty's record of where the buffer was created and last touched, as well as
 * logged by Netty as before. {@link #sweep} forces the detection that Netty otherwise leaves to chance.
 *
 * <p>Netty reports a leak only once the leaked object has been garbage-collected and a later tracked
 * allocation polls the detector's reference queue. A sweep therefore plants a canary (an object tracked by
 * the buffer detector and dropped at once), runs the collector, and polls every detector until the canary
 * itself is reported: leaks that were unreachable when the canary was collected are reported by then.
 */
public final class BufferLeakRecorder extends ResourceLeakDetectorFactory {

    /** One leak Netty found: the kind of resource (e.g. {@code ByteBuf}) and its access records. */
    public record Leak(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK of a " + resourceType + " (released fewer times than retained):" + records;
        }
    }

    private static final BufferLeakRecorder INSTANCE = new BufferLeakRecorder();
    private static final String CANARY = "grid-leak-watch-canary-";
    private static final AtomicLong CANARIES = new AtomicLong();

    private final Map<String, Recording<?>> detectors = new ConcurrentHashMap<>();
    private final List<Leak> leaks = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> canariesSeen = new ConcurrentHashMap<>();

    private BufferLeakRecorder() {
    }

    /**
     * Makes this recorder Netty's leak-detector factory (idempotent). Only detectors created afterwards are
     * recorded; {@link #watchesBuffers()} tells whether the buffer detector is one of them.
     */
    public static synchronized BufferLeakRecorder install() {
        if (ResourceLeakDetectorFactory.instance() != INSTANCE) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(INSTANCE);
        }
        return INSTANCE;
    }

    /**
     * True when Netty's {@code ByteBuf} detector (a static field of {@code AbstractByteBuf}, made when that
     * class initializes) came from this recorder. Initializes the buffer classes if nothing did yet.
     */
    public boolean watchesBuffers() {
        io.netty.buffer.Unpooled.buffer(1).release();
        return detectors.containsKey(io.netty.buffer.ByteBuf.class.getSimpleName());
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                               long maxActive) {
        Recording<T> detector = new Recording<>(resource, samplingInterval);
        detectors.put(resource.getSimpleName(), detector);
        return detector;
    }

    /**
     * Forces Netty to report every tracked object that is already unreachable, and returns (and forgets) the
     * leaks reported since the last sweep.
     *
     * @throws IllegalStateException when the collector did not clear the canary within {@code timeout}
     */
    public List<Leak> sweep(Duration timeout) {
        String canary = CANARY + CANARIES.incrementAndGet();
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        WeakReference<Object> collection = plantCanary(canary, collected);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean cleared = false;
        while (true) {
            if (!cleared) {
                System.gc();
                try {
                    // Blocks until the reference handler has queued what this collection cleared (or 50 ms).
                    cleared = collected.remove(50) != null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the collector", e);
                }
            }
            pollDetectors();
            if (canariesSeen.remove(canary) != null) {
                // The canary's collection queued the earlier leaks with it; one more poll picks up stragglers.
                pollDetectors();
                List<Leak> found = new ArrayList<>(leaks);
                leaks.removeAll(found);
                return found;
            }
            if (System.nanoTime() - deadline > 0) {
                Reference.reachabilityFence(collection);
                throw new IllegalStateException("the collector did not clear the leak watch's canary within "
                        + timeout + " (collected=" + cleared + ", detectors=" + detectors.keySet() + ")");
            }
            if (cleared) {
                // Collected but not yet polled out of Netty's queue: give the reference handler a moment.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** Leaks reported since the last sweep, without forcing any detection. */
    public List<Leak> reported() {
        return List.copyOf(leaks);
    }

    /** An object tracked by the buffer detector and dropped on return, so that only the collector holds it. */
    private WeakReference<Object> plantCanary(String name, ReferenceQueue<Object> collected) {
        Recording<?> buffers = detectors.get(io.netty.buffer.ByteBuf.class.getSimpleName());
        if (buffers == null) {
            throw new IllegalStateException("Netty's ByteBuf leak detector is not a " + getClass().getSimpleName()
                    + ": it was installed after the buffer classes initialized");
        }
        Object canary = new Object();
        buffers.plant(canary, name);
        return new WeakReference<>(canary, collected);
    }

    private void pollDetectors() {
        for (Recording<?> detector : detectors.values()) {
            detector.poll();
        }
    }

    /** A detector that keeps what it reports, and lets a sweep make it poll its queue. */
    private final class Recording<T> extends ResourceLeakDetector<T> {

        Recording(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        /** Tracks {@code canary}; its report carries {@code name}. */
        @SuppressWarnings("unchecked")
        void plant(Object canary, String name) {
            ResourceLeakTracker<T> tracker = trackForcibly((T) canary);
            tracker.record(name);
        }

        /** Netty polls a detector's queue only when it starts tracking something: track a probe, then close it. */
        @SuppressWarnings("unchecked")
        void poll() {
            Object probe = new Object();
            ResourceLeakTracker<T> tracker = trackForcibly((T) probe);
            tracker.close((T) probe);
            Reference.reachabilityFence(probe);
        }

        @Override
        protected boolean needReport() {
            // Netty skips reporting when its logger's ERROR level is off; the tests must hear of leaks anyway.
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            int canary = records.indexOf(CANARY);
            if (canary >= 0) {
                int end = canary + CANARY.length();
                while (end < records.length() && Character.isDigit(records.charAt(end))) {
                    end++;
                }
                canariesSeen.put(records.substring(canary, end), Boolean.TRUE);
                return;
            }
            leaks.add(new Leak(resourceType, records));
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            leaks.add(new Leak(resourceType, " (no records: run with io.netty.leakDetection.level=paranoid)"));
            super.reportUntracedLeak(resourceType);
        }
    }
}
