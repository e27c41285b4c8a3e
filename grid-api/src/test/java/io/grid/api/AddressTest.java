package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    private static final String MIXED = "0xAbCdEf0123456789aBcDeF0123456789ABCDEF01";
    private static final String LOWER = "0xabcdef0123456789abcdef0123456789abcdef01";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void normalisesToLowerCase() {
        assertThat(Address.of(MIXED).value()).isEqualTo(LOWER);
        assertThat(Address.of("0X" + LOWER.substring(2)).value()).isEqualTo(LOWER);
    }

    @Test
    void twoSpellingsOfOneAccountAreEqual() {
        assertThat(Address.of(MIXED)).isEqualTo(Address.of(LOWER)).hasSameHashCodeAs(Address.of(LOWER));
    }

    @Test
    void printsAsItsValue() {
        assertThat(Address.of(MIXED)).hasToString(LOWER);
    }

    @Test
    void zeroAddressIsFortyZeros() {
        assertThat(Address.ZERO.value()).isEqualTo("0x" + "0".repeat(40));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "abcdef0123456789abcdef0123456789abcdef01", "0xabcdef0123456789abcdef0123456789abcdef0",
            "0xabcdef0123456789abcdef0123456789abcdef012", "0xgbcdef0123456789abcdef0123456789abcdef01",
            " 0xabcdef0123456789abcdef0123456789abcdef01", "0xabcdef0123456789abcdef0123456789abcdef01\n"})
    void refusesMalformedAddress(String value) {
        assertThatThrownBy(() -> Address.of(value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed address");
    }

    @Test
    void refusesMissingAddress() {
        assertThatThrownBy(() -> Address.of(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("address is missing");
    }

    @Test
    void writesJsonAsAPlainLowerCaseString() throws Exception {
        assertThat(json.writeValueAsString(Address.of(MIXED))).isEqualTo("\"" + LOWER + "\"");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        Address address = Address.of(MIXED);

        Address back = json.readValue(json.writeValueAsString(address), Address.class);

        assertThat(back).isEqualTo(address);
    }

    @Test
    void readsMixedCaseJsonAsLowerCase() throws Exception {
        assertThat(json.readValue("\"" + MIXED + "\"", Address.class).value()).isEqualTo(LOWER);
    }

    @Test
    void refusesMalformedAddressInJson() {
        assertThatThrownBy(() -> json.readValue("\"0x1234\"", Address.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }
}
