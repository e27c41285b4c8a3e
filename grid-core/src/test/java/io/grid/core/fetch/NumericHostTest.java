package io.grid.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumericHostTest {

    @ParameterizedTest
    @CsvSource({
        "2130706433, 127.0.0.1",
        "0x7f000001, 127.0.0.1",
        "0177.0.0.1, 127.0.0.1",
        "127.1, 127.0.0.1",
        "1.2.3, 1.2.0.3",
        "1.65539, 1.1.0.3",
        "0x, 0.0.0.0",
        "0, 0.0.0.0",
        "4294967295, 255.255.255.255",
        "0xFF.0XFF.0377.255, 255.255.255.255"})
    void readsIpv4InEveryFormResolversAccept(String host, String dotted) {
        assertThat(NumericHost.ipv4(host)).hasValueSatisfying(bytes -> assertThat(bytes)
                .isEqualTo(NumericHost.literal(dotted)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "a1", "1.example", "0xz"})
    void leavesNamesToTheResolver(String host) {
        assertThat(NumericHost.ipv4(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967296", "1.16777216", "1.2.65536", "256.0.0.1", "1.2.3.4.5", "08.0.0.1",
        "0x1ffffffff", "0000000000000001", "a.1", "1..1"})
    void refusesNumbersThatAreNoIpv4Address(String host) {
        assertThatThrownBy(() -> NumericHost.ipv4(host))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.MALFORMED_URL));
    }

    @Test
    void tellsTheOnePlainIpv4Spelling() {
        assertThat(NumericHost.isDottedQuad("8.8.8.8")).isTrue();
        assertThat(NumericHost.isDottedQuad("08.8.8.8")).isFalse();
        assertThat(NumericHost.isDottedQuad("8.8.8")).isFalse();
    }

    @Test
    void readsIpv6WithCompressionAndATrailingIpv4Part() {
        assertThat(NumericHost.ipv6("::ffff:1.2.3.4")).isEqualTo(NumericHost.ipv6("0:0:0:0:0:ffff:102:304"));
        assertThat(NumericHost.ipv6("1::")).containsExactly(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(NumericHost.ipv6("::")).containsOnly(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "::1.2.3",
        "::256.1.1.1", "::01.2.3.4", "g::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "", "1.2.3.4"})
    void refusesTextThatIsNoIpv6Address(String literal) {
        assertThatThrownBy(() -> NumericHost.ipv6(literal))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.MALFORMED_URL));
    }

    @Test
    void refusesRangeTableEntriesThatAreNoLiterals() {
        assertThatThrownBy(() -> NumericHost.literal("127.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumericHost.literal("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NumericHost.literal("::g")).isInstanceOf(IllegalArgumentException.class);
    }
}
