package io.grid.core.refusal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal is answered with a client error, never a 5xx, and travels with its exception. */
class RefusalStatusTest {

    @Test
    void everyRefusalIsAnsweredWithAClientError() {
        assertThat(Refusal.values()).allSatisfy(r -> assertThat(r.httpStatus()).isBetween(400, 499));
    }

    @Test
    void refusedExceptionCarriesItsRefusalAndDetail() {
        var refused = new RefusedException(Refusal.UNDERPAID, "paid 1, costs 2");

        assertThat(refused.refusal()).isEqualTo(Refusal.UNDERPAID);
        assertThat(refused.getMessage()).isEqualTo("paid 1, costs 2");
        assertThat(Refusal.UNDERPAID.httpStatus()).isEqualTo(402);
    }
}
