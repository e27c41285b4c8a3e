package io.grid.routes.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieKeyFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesAnOwnerOnlyFileWithAFreshKey() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("state/keys/cookie.key");

        byte[] key = CookieKeyFile.loadOrCreate(file, RANDOM);

        assertThat(key).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(key);
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void secondStartReadsTheSameKey() {
        Path file = dir.resolve("cookie.key");
        byte[] first = CookieKeyFile.loadOrCreate(file, RANDOM);

        byte[] second = CookieKeyFile.loadOrCreate(file, RANDOM);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void readsAConfiguredBase64Key() throws Exception {
        byte[] configured = new byte[48];
        RANDOM.nextBytes(configured);
        Path file = ownerOnly(dir.resolve("configured.key"),
                ("  " + Base64.getUrlEncoder().encodeToString(configured) + "\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(CookieKeyFile.loadOrCreate(file, RANDOM)).isEqualTo(configured);
    }

    @Test
    void readsAConfiguredRawKey() throws Exception {
        byte[] raw = new byte[40];
        RANDOM.nextBytes(raw);
        raw[0] = 0; // not base64 text, whatever the random bytes are
        Path file = ownerOnly(dir.resolve("raw.key"), raw);

        assertThat(CookieKeyFile.loadOrCreate(file, RANDOM)).isEqualTo(raw);
    }

    @Test
    void refusesAKeyShorterThan32Bytes() throws Exception {
        Path file = ownerOnly(dir.resolve("short.key"),
                Base64.getEncoder().encode(new byte[16]));

        assertThatThrownBy(() -> CookieKeyFile.loadOrCreate(file, RANDOM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16 bytes")
                .hasMessageContaining("at least 32");
    }

    @Test
    void refusesAnEmptyKeyFile() throws Exception {
        Path file = ownerOnly(dir.resolve("empty.key"), new byte[0]);

        assertThatThrownBy(() -> CookieKeyFile.loadOrCreate(file, RANDOM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32");
    }

    @Test
    void refusesAWorldReadableKeyFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("shared.key");
        CookieKeyFile.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> CookieKeyFile.loadOrCreate(file, RANDOM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("owner-only");
    }

    @Test
    void refusesAKeyFileTooLargeToBeAKey() throws Exception {
        Path file = ownerOnly(dir.resolve("large.key"), new byte[10_000]);

        assertThatThrownBy(() -> CookieKeyFile.loadOrCreate(file, RANDOM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("10000 bytes");
    }

    @Test
    void concurrentFirstStartsEndWithOneKeyThatBothSee() throws Exception {
        Path file = dir.resolve("race/cookie.key");
        int starters = 8;
        CyclicBarrier together = new CyclicBarrier(starters);
        ExecutorService pool = Executors.newFixedThreadPool(starters);
        try {
            List<Future<byte[]>> keys = IntStream.range(0, starters)
                    .mapToObj(i -> pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return CookieKeyFile.loadOrCreate(file, new SecureRandom());
                    }))
                    .toList();

            List<byte[]> seen = new ArrayList<>();
            for (Future<byte[]> key : keys) {
                seen.add(key.get(10, TimeUnit.SECONDS));
            }

            byte[] onDisk = Base64.getDecoder().decode(Files.readString(file).strip());
            assertThat(seen).allSatisfy(key -> assertThat(key).isEqualTo(onDisk));
            assertThat(Files.list(file.getParent())).containsExactly(file);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesMissingArguments() {
        assertThatThrownBy(() -> CookieKeyFile.loadOrCreate(null, RANDOM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieKeyFile.loadOrCreate(dir.resolve("k"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Path ownerOnly(Path file, byte[] content) throws Exception {
        Files.write(file, content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }
}
