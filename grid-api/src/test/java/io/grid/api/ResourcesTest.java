package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcesTest {

    @Test
    void refusesNegativeQuantities() {
        assertThatThrownBy(() -> new Resources(-1, 0, 0, 0, "")).hasMessage("cpuMillicores must not be negative");
        assertThatThrownBy(() -> new Resources(0, -1, 0, 0, "")).hasMessage("memoryMib must not be negative");
        assertThatThrownBy(() -> new Resources(0, 0, -1, 0, "")).hasMessage("storageGib must not be negative");
        assertThatThrownBy(() -> new Resources(0, 0, 0, -1, "x")).hasMessage("gpuCount must not be negative");
    }

    @Test
    void requiresGpuModelWhenGpusAreOrdered() {
        assertThatThrownBy(() -> new Resources(0, 0, 0, 1, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpuModel is required");
        assertThatThrownBy(() -> new Resources(0, 0, 0, 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpuModel is required");
    }

    @Test
    void refusesOverlongGpuModel() {
        assertThatThrownBy(() -> new Resources(0, 0, 0, 1, "g".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 64");
    }

    @Test
    void stripsGpuModelAndTurnsMissingIntoEmpty() {
        assertThat(new Resources(0, 0, 0, 1, "  A100 ").gpuModel()).isEqualTo("A100");
        assertThat(new Resources(1, 0, 0, 0, null).gpuModel()).isEmpty();
    }

    @Test
    void noneIsEmpty() {
        assertThat(Resources.NONE.isEmpty()).isTrue();
        assertThat(Resources.of(0, 0, 1).isEmpty()).isFalse();
        assertThat(new Resources(0, 0, 0, 1, "A100").isEmpty()).isFalse();
    }

    @Test
    void coversEqualOrSmallerResourcesOfTheSameGpuModel() {
        Resources offered = new Resources(1_000, 2_048, 20, 2, "A100");

        assertThat(offered.covers(offered)).isTrue();
        assertThat(offered.covers(new Resources(1_000, 2_048, 20, 1, "a100"))).isTrue();
        assertThat(offered.covers(Resources.of(1_000, 2_048, 20))).isTrue();
    }

    @Test
    void doesNotCoverMoreOfAnyQuantityOrAnotherGpuModel() {
        Resources offered = new Resources(1_000, 2_048, 20, 2, "A100");

        assertThat(offered.covers(Resources.of(1_001, 0, 0))).isFalse();
        assertThat(offered.covers(Resources.of(0, 2_049, 0))).isFalse();
        assertThat(offered.covers(Resources.of(0, 0, 21))).isFalse();
        assertThat(offered.covers(new Resources(0, 0, 0, 3, "A100"))).isFalse();
        assertThat(offered.covers(new Resources(0, 0, 0, 1, "H100"))).isFalse();
    }

    @Test
    void addsQuantitiesAndKeepsTheGpuModel() {
        Resources sum = Resources.of(1, 2, 3).plus(new Resources(10, 20, 30, 1, "A100"));

        assertThat(sum).isEqualTo(new Resources(11, 22, 33, 1, "A100"));
        assertThat(new Resources(0, 0, 0, 1, "A100").plus(Resources.NONE).gpuModel()).isEqualTo("A100");
        assertThat(Resources.of(1, 1, 1).plus(Resources.of(1, 1, 1)).gpuModel()).isEmpty();
    }

    @Test
    void refusesSumsThatOverflow() {
        assertThatThrownBy(() -> Resources.of(Long.MAX_VALUE, 0, 0).plus(Resources.of(1, 0, 0)))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void subtractsNeverBelowZero() {
        Resources left = new Resources(10, 20, 30, 2, "A100").minusFloorZero(new Resources(5, 25, 30, 1, "A100"));

        assertThat(left).isEqualTo(new Resources(5, 0, 0, 1, "A100"));
        assertThat(left.minusFloorZero(new Resources(0, 0, 0, 1, "A100")).gpuModel()).isEmpty();
    }
}
