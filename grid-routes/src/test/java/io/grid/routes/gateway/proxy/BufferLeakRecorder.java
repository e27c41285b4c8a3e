package io.grid.routes.gateway.proxy;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A sweep skips the collector when no object has been tracked and left unreleased since the last collection.
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
    private final AtomicLong collections = new AtomicLong();

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
     * Returns (and forgets) the leaks reported since the last sweep, after forcing Netty to report every tracked
     * object that is already unreachable, unless no object has been tracked and left unreleased since the last
     * {@link #collect}: then nothing new can have leaked and the collector is skipped (after most tests, whose
     * proxy is closed with every buffer released). An object that was already unreleased at the last collection
     * and is dropped later is found by the next {@link #collect} (the watch collects after every class).
     *
     * @throws IllegalStateException when the collector did not clear the canary within {@code timeout}
     */
    public List<Leak> sweep(Duration timeout) {
        if (leaks.isEmpty() && detectors.values().stream().allMatch(Recording::settled)) {
            return List.of();
        }
        return collect(timeout);
    }

    /**
     * Like {@link #sweep}, but always runs the collector, and then remembers what is still tracked and
     * unreleased (and therefore reachable): the sweeps after it skip the collector while nothing else is.
     *
     * @throws IllegalStateException when the collector did not clear the canary within {@code timeout}
     */
    public List<Leak> collect(Duration timeout) {
        collections.incrementAndGet();
        String canary = CANARY + CANARIES.incrementAndGet();
        ReferenceQueue<Object> collected = new ReferenceQueue<>();
        WeakReference<Object> collection = plantCanary(canary, collected);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean cleared = false;
        try {
            while (true) {
                if (!cleared) {
                    System.gc();
                    // Blocks until the reference handler has queued what this collection cleared (or 50 ms).
                    cleared = collected.remove(50) != null;
                }
                pollDetectors();
                if (canariesSeen.remove(canary) != null) {
                    // The canary's collection queued the earlier leaks with it; one more poll picks up stragglers.
                    pollDetectors();
                    detectors.values().forEach(Recording::settle);
                    List<Leak> found = new ArrayList<>(leaks);
                    leaks.removeAll(found);
                    return found;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the collector did not clear the leak watch's canary within "
                            + timeout + " (collected=" + cleared + ", detectors=" + detectors.keySet() + ")");
                }
                if (cleared) {
                    // Collected but not yet polled out of Netty's queue: give the reference handler a moment.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the collector", e);
        } finally {
            // Only a reachable WeakReference is queued when its referent is collected.
            Reference.reachabilityFence(collection);
        }
    }

    /** How many times a sweep or {@link #collect} ran the collector. */
    public long collections() {
        return collections.get();
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

        /**
         * Netty's set of the trackers not yet closed (tracked objects not yet released, or leaked and not yet
         * reported). Netty has no public view of it; reading the field lets a sweep skip the collector when it
         * holds nothing new, which is after almost every test. Made accessible once, at class initialization.
         */
        private static final Field OPEN = openTrackers();

        /** The trackers still open at the end of the last collection: reachable then, tracked for long. */
        private volatile Set<Object> settled = Set.of();

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

        /** True when every tracker open now was already open at the end of the last collection. */
        boolean settled() {
            Set<Object> before = settled;
            for (Object tracker : openTrackers(this)) {
                if (!before.contains(tracker)) {
                    return false;
                }
            }
            return true;
        }

        /** Remembers the trackers open now (they are reachable: a collection just ran). */
        void settle() {
            Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
            open.addAll(openTrackers(this));
            settled = open;
        }

        private static Set<?> openTrackers(ResourceLeakDetector<?> detector) {
            try {
                return (Set<?>) OPEN.get(detector);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read Netty's open leak trackers", e);
            }
        }

        private static Field openTrackers() {
            try {
                Field field = ResourceLeakDetector.class.getDeclaredField("allLeaks");
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("this Netty version's ResourceLeakDetector has no allLeaks set; "
                        + "the leak watch must learn how to count its open trackers", e);
            }
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
