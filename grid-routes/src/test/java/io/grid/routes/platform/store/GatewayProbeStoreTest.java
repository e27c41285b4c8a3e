package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.routes.platform.service.GatewayStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probe results on Derby (or PostgreSQL): online, last seen, uptime per window in basis points, pruning. */
class GatewayProbeStoreTest {

    private static final Address UP = Address.of("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final Address FLAKY = Address.of("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path directory;
    GatewayProbeStore store;

    @BeforeEach
    void migrate() {
        store = new GatewayProbeStore(TestDatabase.migrated(directory));
    }

    @Test
    void uptimeCountsTheAnsweredProbesOfEachWindowInBasisPoints() {
        // FLAKY: within the last day 1 of 4 answered; 2 to 7 days ago 4 more answered; 8 to 30 days ago 1 failed.
        store.record(FLAKY, false, NOW.minus(Duration.ofDays(20)), "UPSTREAM_FAILED: refused");
        for (int day = 2; day <= 5; day++) {
            store.record(FLAKY, true, NOW.minus(Duration.ofDays(day)), null);
        }
        store.record(FLAKY, true, NOW.minus(Duration.ofHours(6)), null);
        store.record(FLAKY, false, NOW.minus(Duration.ofHours(3)), "TOO_SLOW");
        store.record(FLAKY, false, NOW.minus(Duration.ofHours(2)), "TOO_SLOW");
        store.record(FLAKY, false, NOW.minus(Duration.ofHours(1)), "x".repeat(1000));
        store.record(UP, true, NOW.minus(Duration.ofMinutes(1)), null);

        GatewayStatus flaky = store.statuses(NOW).get(FLAKY);
        assertThat(flaky.online()).isFalse();
        assertThat(flaky.lastSeen()).isEqualTo(NOW.minus(Duration.ofHours(6)));
        assertThat(flaky.uptime()).isEqualTo(new GatewayStatus.Uptime(2_500, 6_250, 5_555));

        GatewayStatus up = store.statuses(NOW).get(UP);
        assertThat(up.online()).isTrue();
        assertThat(up.lastSeen()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
        assertThat(up.uptime()).isEqualTo(new GatewayStatus.Uptime(10_000, 10_000, 10_000));
    }

    @Test
    void aGatewayNeverSeenHasNoLastSeenAndWindowsWithoutProbesNoUptime() {
        store.record(FLAKY, false, NOW.minus(Duration.ofDays(3)), "refused");

        GatewayStatus status = store.statuses(NOW).get(FLAKY);
        assertThat(status.online()).isFalse();
        assertThat(status.lastSeen()).isNull();
        assertThat(status.uptime()).isEqualTo(new GatewayStatus.Uptime(null, 0, 0));
        assertThat(store.statuses(NOW)).doesNotContainKey(UP);
    }

    @Test
    void pruningDeletesOnlyProbesOlderThanTheCutAndKeepsTheLastStatus() {
        store.record(UP, true, NOW.minus(Duration.ofDays(40)), null);
        store.record(UP, false, NOW.minus(Duration.ofDays(32)), "refused");
        store.record(UP, true, NOW.minus(Duration.ofDays(1)), null);

        assertThat(store.prune(NOW.minus(Duration.ofDays(31)))).isEqualTo(2);
        assertThat(store.prune(NOW.minus(Duration.ofDays(31)))).isZero();

        GatewayStatus status = store.statuses(NOW.plus(Duration.ofDays(35))).get(UP);
        assertThat(status.online()).isTrue();
        assertThat(status.lastSeen()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(status.uptime()).isEqualTo(GatewayStatus.Uptime.NONE);
    }
}
