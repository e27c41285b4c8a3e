package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The leak watch is really in effect: a buffer leaked on purpose is reported with its record, and fails the
 * check that the watched tests run after each test. Each leak here is swept up by the test that made it, so
 * the watch of this class itself finds nothing.
 */
@ExtendWith(BufferLeakWatch.class)
class BufferLeakWatchTest {

    private final BufferLeakRecorder recorder = BufferLeakRecorder.install();

    @Test
    void madeNettysBufferLeakDetectorBeforeAnyBufferClassInitialized() {
        assertThat(ResourceLeakDetectorFactory.instance()).isSameAs(recorder);
        assertThat(recorder.watchesBuffers()).isTrue();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void reportsAPooledBufferThatWasNeverReleasedWithWhereItWasTouched() {
        String hint = "leaked on purpose " + UUID.randomUUID();
        leakOneBuffer(hint);

        List<BufferLeakRecorder.Leak> leaks = recorder.sweep(BufferLeakWatch.SWEEP_TIMEOUT);

        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0).resourceType()).isEqualTo("ByteBuf");
        assertThat(leaks.get(0).records()).contains(hint).contains("leakOneBuffer");
        assertThat(recorder.reported()).isEmpty();
    }

    @Test
    void failsTheCheckWithNettysRecordWhenABufferLeaked() {
        String hint = "leaked on purpose " + UUID.randomUUID();
        leakOneBuffer(hint);

        assertThatThrownBy(() -> BufferLeakWatch.failOnLeaks("this test", false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 Netty buffer leak(s) found after this test")
                .hasMessageContaining("LEAK of a ByteBuf")
                .hasMessageContaining(hint);
        assertThat(recorder.reported()).isEmpty();
    }

    @Test
    void reportsNothingForBuffersThatWereReleased() {
        ByteBuf released = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
        released.touch("released on purpose");
        released.release();

        List<BufferLeakRecorder.Leak> leaks = recorder.sweep(BufferLeakWatch.SWEEP_TIMEOUT);

        assertThat(leaks).isEmpty();
    }

    @Test
    void runsTheCollectorWhileATrackedBufferIsUnreleasedAndReportsNoLeakForAReachableOne() {
        ByteBuf held = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
        long collectionsBefore = recorder.collections();

        List<BufferLeakRecorder.Leak> leaks = recorder.sweep(BufferLeakWatch.SWEEP_TIMEOUT);

        assertThat(recorder.collections()).isEqualTo(collectionsBefore + 1);
        assertThat(leaks).isEmpty();
        assertThat(held.release()).isTrue();
    }

    @Test
    void skipsTheCollectorWhenEveryBufferTrackedSinceTheLastCollectionWasReleased() {
        recorder.collect(BufferLeakWatch.SWEEP_TIMEOUT);
        long collectionsBefore = recorder.collections();
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42).release();

        List<BufferLeakRecorder.Leak> leaks = recorder.sweep(BufferLeakWatch.SWEEP_TIMEOUT);

        assertThat(leaks).isEmpty();
        assertThat(recorder.collections()).isEqualTo(collectionsBefore);
    }

    /** Allocates a pooled buffer and drops it unreleased, as a handler that forgot a release would. */
    private static void leakOneBuffer(String hint) {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
        leaked.touch(hint);
    }
}
