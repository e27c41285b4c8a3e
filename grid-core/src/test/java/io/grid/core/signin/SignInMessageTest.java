package io.grid.core.signin;

import static io.grid.core.signin.Eip191Test.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class SignInMessageTest {

    private static final Address USER = Address.of("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    private static final String CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:10:00Z");
    private static final SignInMessage MESSAGE = new SignInMessage("gw.example.org", USER,
            "Sign in to GRID to use order 42.", "https://gw.example.org/orders/42", 11155111,
            BigInteger.valueOf(42), "a1b2c3d4e5f6a7b8", ISSUED, EXPIRES);
    private static final String TEXT = """
            gw.example.org wants you to sign in with your Ethereum account:
            0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed

            Sign in to GRID to use order 42.

            URI: https://gw.example.org/orders/42
            Version: 1
            Chain ID: 11155111
            Nonce: a1b2c3d4e5f6a7b8
            Issued At: 2030-01-01T00:00:00Z
            Expiration Time: 2030-01-01T00:10:00Z
            Resources:
            - urn:grid:order:42""";

    @Test
    void textFollowsTheErc4361LayoutWithTheOrderAsResource() {
        assertThat(MESSAGE.text()).isEqualTo(TEXT);
    }

    @Test
    void textShowsTheAddressWithItsEip55Checksum() {
        assertThat(MESSAGE.text().lines().skip(1).findFirst()).contains(CHECKSUMMED);
    }

    @Test
    void parseReadsBackWhatTextWrote() {
        assertThat(SignInMessage.parse(TEXT)).isEqualTo(MESSAGE);
    }

    @Test
    void parseKeepsANonAsciiStatement() {
        SignInMessage message = new SignInMessage("gw.example.org:8443", USER, "Anmelden für Auftrag 42 ✓ 🚀",
                "https://gw.example.org:8443/", 1, BigInteger.ZERO, "NONCE1234abcd", ISSUED, EXPIRES);

        assertThat(SignInMessage.parse(message.text())).isEqualTo(message);
    }

    @Test
    void parseAcceptsFractionalSeconds() {
        String text = TEXT.replace("Issued At: 2030-01-01T00:00:00Z", "Issued At: 2030-01-01T00:00:00.123Z");

        assertThat(SignInMessage.parse(text).issuedAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123Z"));
    }

    @Test
    void parseReadsTheLargestOrderId() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        String text = TEXT.replace("urn:grid:order:42", "urn:grid:order:" + max);

        assertThat(SignInMessage.parse(text).orderId()).isEqualTo(max);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesMissingMessage(String text) {
        assertRefused(() -> SignInMessage.parse(text), Refusal.MALFORMED_MESSAGE);
    }

    @Test
    void refusesMessageLongerThanTheBound() {
        String text = TEXT + "x".repeat(SignInMessage.MAX_LENGTH);

        assertRefused(() -> SignInMessage.parse(text), Refusal.MALFORMED_MESSAGE);
    }

    static Stream<Arguments> offLayout() {
        BigInteger aboveUint256 = BigInteger.ONE.shiftLeft(256);
        return Stream.of(
                Arguments.of("trailing newline", TEXT + "\n"),
                Arguments.of("CRLF line ends", TEXT.replace("\n", "\r\n")),
                Arguments.of("scheme before domain", TEXT.replace("gw.example.org wants", "https://gw.example.org wants")),
                Arguments.of("upper-case domain", TEXT.replace("gw.example.org wants", "GW.example.org wants")),
                Arguments.of("other header", TEXT.replace("Ethereum account:", "account:")),
                Arguments.of("lower-case address", TEXT.replace(CHECKSUMMED, CHECKSUMMED.toLowerCase())),
                Arguments.of("wrong checksum", TEXT.replace(CHECKSUMMED, CHECKSUMMED.replace("aA", "Aa"))),
                Arguments.of("short address", TEXT.replace(CHECKSUMMED, CHECKSUMMED.substring(0, 41))),
                Arguments.of("text in the blank line", TEXT.replace(CHECKSUMMED + "\n\n", CHECKSUMMED + "\nx\n")),
                Arguments.of("text in the second blank line", TEXT.replace("42.\n\nURI", "42.\nx\nURI")),
                Arguments.of("no statement", TEXT.replace("Sign in to GRID to use order 42.\n\n", "\n")),
                Arguments.of("blank statement", TEXT.replace("Sign in to GRID to use order 42.", " ")),
                Arguments.of("statement with padding", TEXT.replace("Sign in to GRID", " Sign in to GRID")),
                Arguments.of("statement with control character", TEXT.replace("Sign in", "Sign\u0007in")),
                Arguments.of("statement with bidi override", TEXT.replace("Sign in", "Sign\u202ein")),
                Arguments.of("statement with line separator", TEXT.replace("Sign in", "Sign\u2028in")),
                Arguments.of("statement too long", TEXT.replace("Sign in", "x".repeat(SignInMessage.MAX_STATEMENT_LENGTH))),
                Arguments.of("relative uri", TEXT.replace("URI: https://gw.example.org/orders/42", "URI: /orders/42")),
                Arguments.of("uri with space", TEXT.replace("URI: https://gw.example.org/orders/42", "URI: https://gw example")),
                Arguments.of("label in lower case", TEXT.replace("URI:", "uri:")),
                Arguments.of("version 2", TEXT.replace("Version: 1", "Version: 2")),
                Arguments.of("chain id zero", TEXT.replace("Chain ID: 11155111", "Chain ID: 0")),
                Arguments.of("chain id with leading zero", TEXT.replace("Chain ID: 11155111", "Chain ID: 011155111")),
                Arguments.of("chain id not a number", TEXT.replace("Chain ID: 11155111", "Chain ID: sepolia")),
                Arguments.of("chain id too large", TEXT.replace("Chain ID: 11155111", "Chain ID: " + "9".repeat(20))),
                Arguments.of("nonce too short", TEXT.replace("a1b2c3d4e5f6a7b8", "a1b2c3")),
                Arguments.of("nonce not alphanumeric", TEXT.replace("a1b2c3d4e5f6a7b8", "a1b2c3d4-5f6a7b8")),
                Arguments.of("issued at with offset", TEXT.replace("00:00:00Z", "01:00:00+01:00")),
                Arguments.of("issued at without zone", TEXT.replace("00:00:00Z", "00:00:00")),
                Arguments.of("issued at impossible date", TEXT.replace("2030-01-01T00:00:00Z", "2030-02-30T00:00:00Z")),
                Arguments.of("expiry before issue", TEXT.replace("00:10:00Z", "00:00:00Z")),
                Arguments.of("no expiration time", TEXT.replace("Expiration Time: 2030-01-01T00:10:00Z\n", "")),
                Arguments.of("not before added", TEXT.replace("Resources:", "Not Before: 2030-01-01T00:00:00Z\nResources:")),
                Arguments.of("text after Resources:", TEXT.replace("Resources:", "Resources: x")),
                Arguments.of("second resource", TEXT + "\n- urn:grid:order:43"),
                Arguments.of("no order resource", TEXT.replace("\n- urn:grid:order:42", "")),
                Arguments.of("other resource", TEXT.replace("urn:grid:order:42", "https://gw.example.org/42")),
                Arguments.of("negative order id", TEXT.replace("urn:grid:order:42", "urn:grid:order:-42")),
                Arguments.of("order id with leading zero", TEXT.replace("urn:grid:order:42", "urn:grid:order:042")),
                Arguments.of("order id above uint256", TEXT.replace("urn:grid:order:42", "urn:grid:order:" + aboveUint256)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offLayout")
    void refusesMessageOffTheLayout(String problem, String text) {
        assertRefused(() -> SignInMessage.parse(text), Refusal.MALFORMED_MESSAGE);
    }

    @Test
    void constructorRefusesExpiryNotAfterIssue() {
        assertThatThrownBy(() -> new SignInMessage("gw.example.org", USER, "Sign in.", "https://gw.example.org/", 1,
                BigInteger.ONE, "a1b2c3d4e5f6a7b8", ISSUED, ISSUED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expirationTime");
    }

    @Test
    void constructorRefusesMissingAddress() {
        assertThatThrownBy(() -> new SignInMessage("gw.example.org", null, "Sign in.", "https://gw.example.org/", 1,
                BigInteger.ONE, "a1b2c3d4e5f6a7b8", ISSUED, EXPIRES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address");
    }

    @Test
    void constructorRefusesMissingIssuedAt() {
        assertThatThrownBy(() -> new SignInMessage("gw.example.org", USER, "Sign in.", "https://gw.example.org/", 1,
                BigInteger.ONE, "a1b2c3d4e5f6a7b8", null, EXPIRES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuedAt");
    }
}
