package io.grid.core.greet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Resources;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityTest {

    private static final Resources ALLOCATABLE = new Resources(8_000, 32_768, 500, 4, "A100");

    @Test
    void allIsFreeWithoutActiveOrders() {
        assertThat(Capacity.free(ALLOCATABLE, List.of())).isEqualTo(ALLOCATABLE);
    }

    @Test
    void subtractsEveryActiveOrder() {
        List<Resources> held = List.of(Resources.of(1_000, 4_096, 50), new Resources(500, 1_024, 10, 1, "A100"));

        Resources free = Capacity.free(ALLOCATABLE, held);

        assertThat(free).isEqualTo(new Resources(6_500, 27_648, 440, 3, "A100"));
    }

    @Test
    void neverGoesBelowZero() {
        List<Resources> held = List.of(new Resources(9_000, 40_000, 600, 5, "A100"));

        Resources free = Capacity.free(ALLOCATABLE, held);

        assertThat(free).isEqualTo(Resources.NONE);
        assertThat(free.isEmpty()).isTrue();
    }

    @Test
    void manyHugeOrdersDoNotOverflow() {
        Resources huge = new Resources(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, "A100");

        Resources free = Capacity.free(ALLOCATABLE, List.of(huge, huge, huge));

        assertThat(free).isEqualTo(Resources.NONE);
    }

    @Test
    void freeCapacityDecidesWhetherAnOrderFits() {
        Resources free = Capacity.free(ALLOCATABLE, List.of(Resources.of(7_500, 0, 0)));

        assertThat(free.covers(Resources.of(500, 1, 1))).isTrue();
        assertThat(free.covers(Resources.of(501, 1, 1))).isFalse();
    }

    @Test
    void refusesMissingArguments() {
        assertThatThrownBy(() -> Capacity.free(null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Capacity.free(ALLOCATABLE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Capacity.free(ALLOCATABLE, Arrays.asList(Resources.NONE, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
