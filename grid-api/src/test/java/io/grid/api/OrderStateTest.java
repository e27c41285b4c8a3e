package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderStateTest {

    @Test
    void onlyCompletedAndCancelledAreFinal() {
        assertThat(OrderState.values()).filteredOn(OrderState::isFinal)
                .containsExactlyInAnyOrder(OrderState.COMPLETED, OrderState.CANCELLED);
    }
}
