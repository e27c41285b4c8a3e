package io.grid.routes.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** A reproducible stream of bytes of any length, and its digest, for byte-exact streaming tests. */
final class PatternBytes {

    private static final byte[] BLOCK = new byte[65_521];

    static {
        new Random(42).nextBytes(BLOCK);
    }

    private PatternBytes() {
    }

    /** What a stream contained: its length and SHA-256. */
    record Digest(long bytes, String sha256) {
    }

    /** {@code length} bytes of the pattern, generated as they are read. */
    static InputStream stream(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                if (position >= length) {
                    return -1;
                }
                return BLOCK[(int) (position++ % BLOCK.length)] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (position >= length) {
                    return -1;
                }
                int start = (int) (position % BLOCK.length);
                int n = (int) Math.min(Math.min(count, BLOCK.length - start), length - position);
                System.arraycopy(BLOCK, start, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    /** Reads {@code in} to the end and digests it. */
    static Digest digest(InputStream in) {
        try (in) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
            return new Digest(total, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
