package io.grid.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant DEADLINE = START.plusSeconds(10);

    private final SteppedClock clock = new SteppedClock(START);

    @Test
    void readsABodyOfExactlyTheCap() throws IOException {
        byte[] body = filled(20_000);

        assertThat(BoundedBody.read(new ByteArrayInputStream(body), 20_000, DEADLINE, clock)).isEqualTo(body);
    }

    @Test
    void readsAnEmptyBody() throws IOException {
        assertThat(BoundedBody.read(InputStream.nullInputStream(), 0, DEADLINE, clock)).isEmpty();
    }

    @Test
    void refusesABodyOneByteOverTheCap() {
        InputStream body = new ByteArrayInputStream(filled(20_001));

        assertRefused(() -> BoundedBody.read(body, 20_000, DEADLINE, clock), FetchRefusal.TOO_LARGE);
    }

    @Test
    void stopsAnEndlessBodyOneByteAfterTheCapWhateverContentLengthSaid() {
        EndlessBody endless = new EndlessBody();

        assertRefused(() -> BoundedBody.read(endless, 100_000, DEADLINE, clock), FetchRefusal.TOO_LARGE);
        assertThat(endless.served).isEqualTo(100_001);
    }

    @Test
    void stopsASlowSenderAtTheDeadline() {
        // Every read takes one second of the clock; eleven reads cannot fit in ten seconds.
        InputStream slow = new InputStream() {
            @Override
            public int read() {
                clock.advance(Duration.ofSeconds(1));
                return 'a';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                buffer[offset] = (byte) read();
                return 1;
            }
        };

        assertRefused(() -> BoundedBody.read(slow, 1_000_000, DEADLINE, clock), FetchRefusal.TOO_SLOW);
        assertThat(clock.instant()).isEqualTo(DEADLINE);
    }

    @Test
    void refusesToStartAfterTheDeadline() {
        InputStream body = new ByteArrayInputStream(filled(10));

        assertRefused(() -> BoundedBody.read(body, 100, START, clock), FetchRefusal.TOO_SLOW);
    }

    @Test
    void passesReadFailuresOn() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> BoundedBody.read(broken, 100, DEADLINE, clock))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @Test
    void refusesMissingArgumentsAndImpossibleCaps() {
        InputStream body = InputStream.nullInputStream();

        assertThatThrownBy(() -> BoundedBody.read(null, 1, DEADLINE, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundedBody.read(body, 1, null, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundedBody.read(body, 1, DEADLINE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundedBody.read(body, -1, DEADLINE, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BoundedBody.read(body, Integer.MAX_VALUE, DEADLINE, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    private static void assertRefused(ThrowingRead read, FetchRefusal refusal) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(refusal));
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws IOException;
    }

    /** A sender that never stops, as one that announced a small Content-Length and lied would. */
    private static final class EndlessBody extends InputStream {
        private long served;

        @Override
        public int read() {
            served++;
            return 'y';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            Arrays.fill(buffer, offset, offset + length, (byte) 'y');
            served += length;
            return length;
        }
    }

    /** A clock the test moves forward, so that slowness is simulated without sleeping. */
    private static final class SteppedClock extends Clock {
        private Instant now;

        SteppedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
