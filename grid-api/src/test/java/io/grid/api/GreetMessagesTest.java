package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GreetMessagesTest {

    @ParameterizedTest
    @EnumSource(GreetType.class)
    void greetTypeRoundTripsThroughItsWireNumber(GreetType type) {
        assertThat(GreetType.ofCode(type.code())).isEqualTo(type);
    }

    @Test
    void greetTypesAreNumberedZeroToTwo() {
        assertThat(GreetType.RESOURCES_AND_PAYMENT.code()).isZero();
        assertThat(GreetType.PAYEE.code()).isEqualTo(1);
        assertThat(GreetType.SIGN_IN.code()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 3, Integer.MAX_VALUE})
    void refusesUnknownGreetType(int code) {
        assertThatThrownBy(() -> GreetType.ofCode(code))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown greet type");
    }

    @Test
    void typeZeroAndOneCarryOnlyTheOrderId() {
        GreetRequest request = GreetRequest.of(GreetType.PAYEE, BigInteger.TEN);

        assertThat(request.message()).isNull();
        assertThat(request.signature()).isNull();
    }

    @Test
    void signInCarriesMessageAndSignature() {
        GreetRequest request = GreetRequest.signIn(BigInteger.TEN, "sign in", "0x" + "ab".repeat(65));

        assertThat(request.type()).isEqualTo(GreetType.SIGN_IN);
        assertThat(request.message()).isEqualTo("sign in");
    }

    @Test
    void signInRefusesMissingOrOverlongParts() {
        assertThatThrownBy(() -> GreetRequest.signIn(BigInteger.TEN, null, "0x00")).hasMessage("message is missing");
        assertThatThrownBy(() -> GreetRequest.signIn(BigInteger.TEN, "m", " ")).hasMessage("signature is missing");
        assertThatThrownBy(() -> GreetRequest.signIn(BigInteger.TEN, "m".repeat(2049), "0x00"))
                .hasMessageContaining("longer than 2048");
        assertThatThrownBy(() -> GreetRequest.signIn(BigInteger.TEN, "m", "0x" + "a".repeat(139)))
                .hasMessageContaining("longer than 140");
    }

    @Test
    void requestRefusesMissingTypeOrBadOrderId() {
        assertThatThrownBy(() -> GreetRequest.of(null, BigInteger.ONE)).hasMessage("type is missing");
        assertThatThrownBy(() -> GreetRequest.of(GreetType.PAYEE, BigInteger.valueOf(-1)))
                .hasMessage("orderId must not be negative");
    }

    @Test
    void responseCarriesTheStateAfterTheStep() {
        Instant expires = Instant.parse("2025-01-01T01:00:00Z");

        GreetResponse response = new GreetResponse(GreetType.SIGN_IN, BigInteger.ONE, OrderState.ACTIVE, expires);

        assertThat(response.state()).isEqualTo(OrderState.ACTIVE);
        assertThat(response.cookieExpires()).isEqualTo(expires);
    }

    @Test
    void responseRefusesMissingParts() {
        assertThatThrownBy(() -> new GreetResponse(null, BigInteger.ONE, OrderState.ACTIVE, null))
                .hasMessage("type is missing");
        assertThatThrownBy(() -> new GreetResponse(GreetType.PAYEE, null, OrderState.ACTIVE, null))
                .hasMessage("orderId is missing");
        assertThatThrownBy(() -> new GreetResponse(GreetType.PAYEE, BigInteger.ONE, null, null))
                .hasMessage("state is missing");
    }
}
