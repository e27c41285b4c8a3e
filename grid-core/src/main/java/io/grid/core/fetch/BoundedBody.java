package io.grid.core.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads a response body with a cap on its size and a deadline on the whole read. The cap is
 * enforced on the bytes that actually arrive, whatever Content-Length announced. The deadline is
 * checked before every read; the socket's own read timeout must bound a single blocked read.
 */
public final class BoundedBody {

    private static final int CHUNK = 8192;

    private BoundedBody() {
    }

    /**
     * Reads {@code in} to its end.
     *
     * @param maxBytes the most bytes accepted; one byte more is a refusal
     * @param deadline the instant by which the whole body must have arrived
     * @param clock tells the time
     * @return the body
     * @throws FetchRefusedException {@link FetchRefusal#TOO_LARGE} as soon as more than
     *     {@code maxBytes} arrived, {@link FetchRefusal#TOO_SLOW} once the deadline is reached
     * @throws IOException if reading fails
     */
    public static byte[] read(InputStream in, long maxBytes, Instant deadline, Clock clock) throws IOException {
        if (in == null || deadline == null || clock == null) {
            throw new IllegalArgumentException("in, deadline and clock are required");
        }
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - CHUNK) {
            throw new IllegalArgumentException("maxBytes must be between 0 and " + (Integer.MAX_VALUE - CHUNK));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(maxBytes, CHUNK));
        byte[] chunk = new byte[CHUNK];
        while (true) {
            if (!clock.instant().isBefore(deadline)) {
                throw new FetchRefusedException(FetchRefusal.TOO_SLOW, "the body did not arrive by " + deadline);
            }
            // Ask for at most one byte past the cap: enough to know the cap is broken, no more.
            int wanted = (int) Math.min(CHUNK, maxBytes - body.size() + 1);
            int read = in.read(chunk, 0, wanted);
            if (read < 0) {
                return body.toByteArray();
            }
            body.write(chunk, 0, read);
            if (body.size() > maxBytes) {
                throw new FetchRefusedException(FetchRefusal.TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
            }
        }
    }
}
