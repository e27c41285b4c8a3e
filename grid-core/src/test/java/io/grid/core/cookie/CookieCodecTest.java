package io.grid.core.cookie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CookieCodecTest {

    private static final byte[] KEY = CookieCodec.newKey(new SecureRandom());
    private static final CookieCodec CODEC = new CookieCodec(KEY);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3600);
    private static final Address USER = Address.of("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    private static final CookieClaims CLAIMS = new CookieClaims(USER, BigInteger.valueOf(42), EXPIRES);
    private static final String TOKEN = CODEC.issue(CLAIMS);

    @Test
    void verifiesTheClaimsItIssued() {
        assertThat(CODEC.verify(TOKEN, NOW)).isEqualTo(CLAIMS);
    }

    @Test
    void keepsSubSecondExpiryAndLargeOrderIds() {
        CookieClaims claims = new CookieClaims(USER, BigInteger.ONE.shiftLeft(255), EXPIRES.plusNanos(123_456_789));

        assertThat(CODEC.verify(CODEC.issue(claims), NOW)).isEqualTo(claims);
    }

    @Test
    void issuesTwoBase64UrlPartsJoinedByADot() {
        assertThat(TOKEN).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    static Stream<Arguments> everyBitFlipped() {
        return IntStream.range(0, TOKEN.length()).boxed().flatMap(position -> IntStream.range(0, 8).mapToObj(bit -> {
            char[] chars = TOKEN.toCharArray();
            chars[position] = (char) (chars[position] ^ (1 << bit));
            return Arguments.of(position, bit, new String(chars));
        }));
    }

    @ParameterizedTest(name = "char {0} bit {1}")
    @MethodSource("everyBitFlipped")
    void refusesTokenWithAnyOneBitFlipped(int position, int bit, String flipped) {
        assertRefused(() -> CODEC.verify(flipped, NOW), Refusal.COOKIE_INVALID);
    }

    @Test
    void refusesTokenMadeWithAnotherKey() {
        String foreign = new CookieCodec(CookieCodec.newKey(new SecureRandom())).issue(CLAIMS);

        assertRefused(() -> CODEC.verify(foreign, NOW), Refusal.COOKIE_INVALID);
    }

    @Test
    void refusesTokenWhoseClaimsWereSwapped() {
        String otherOrder = CODEC.issue(new CookieClaims(USER, BigInteger.valueOf(43), EXPIRES));
        String spliced = otherOrder.substring(0, otherOrder.indexOf('.')) + TOKEN.substring(TOKEN.indexOf('.'));

        assertRefused(() -> CODEC.verify(spliced, NOW), Refusal.COOKIE_INVALID);
    }

    @Test
    void acceptsTokenJustBeforeItsExpiry() {
        assertThat(CODEC.verify(TOKEN, EXPIRES.minusMillis(1))).isEqualTo(CLAIMS);
    }

    @Test
    void refusesTokenAtItsExpiry() {
        assertRefused(() -> CODEC.verify(TOKEN, EXPIRES), Refusal.COOKIE_EXPIRED);
    }

    @Test
    void refusesTokenAfterItsExpiry() {
        assertRefused(() -> CODEC.verify(TOKEN, EXPIRES.plusSeconds(1)), Refusal.COOKIE_EXPIRED);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesMissingTokenAsMissing(String token) {
        assertRefused(() -> CODEC.verify(token, NOW), Refusal.COOKIE_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", ".", "abc.", ".abc", "a.b.c", "a+b.c/d", "YQ==.YQ==", "a b.c", "a.b\n"})
    void refusesMalformedToken(String token) {
        assertRefused(() -> CODEC.verify(token, NOW), Refusal.COOKIE_INVALID);
    }

    @Test
    void refusesTokenLongerThanTheBound() {
        String token = TOKEN + "A".repeat(CookieCodec.MAX_TOKEN_LENGTH);

        assertRefused(() -> CODEC.verify(token, NOW), Refusal.COOKIE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "v2|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|42|2030-01-01T01:00:00Z",
        "v1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|42",
        "v1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|42|2030-01-01T01:00:00Z|x",
        "v1|not-an-address|42|2030-01-01T01:00:00Z",
        "v1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|-42|2030-01-01T01:00:00Z",
        "v1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|042|2030-01-01T01:00:00Z",
        "v1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|42|tomorrow"})
    void refusesCorrectlySignedPayloadOffItsForm(String payload) {
        String token = signed(payload);

        assertRefused(() -> CODEC.verify(token, NOW), Refusal.COOKIE_INVALID);
    }

    @Test
    void refusesKeyShorterThan32Bytes() {
        assertThatThrownBy(() -> new CookieCodec(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CookieCodec(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesTheKeySoLaterChangesToTheArrayDoNotMatter() {
        byte[] key = CookieCodec.newKey(new SecureRandom());
        CookieCodec codec = new CookieCodec(key);
        String token = codec.issue(CLAIMS);

        Arrays.fill(key, (byte) 0);

        assertThat(codec.verify(token, NOW)).isEqualTo(CLAIMS);
    }

    @Test
    void newKeyIs32FreshRandomBytes() {
        SecureRandom random = new SecureRandom();

        assertThat(CookieCodec.newKey(random)).hasSize(32).isNotEqualTo(CookieCodec.newKey(random));
        assertThatThrownBy(() -> CookieCodec.newKey(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsItsKey() {
        assertThat(CODEC.toString()).doesNotContain(Base64.getEncoder().encodeToString(KEY)).contains("***");
    }

    @Test
    void claimsRefuseMissingFieldsAndNegativeOrder() {
        assertThatThrownBy(() -> new CookieClaims(null, BigInteger.ONE, EXPIRES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CookieClaims(USER, null, EXPIRES)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CookieClaims(USER, BigInteger.ONE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CookieClaims(USER, BigInteger.valueOf(-1), EXPIRES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A token with a valid HMAC over any payload, as only a holder of the key could make. */
    private static String signed(String payload) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String encoded = encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return encoded + "." + encoder.encodeToString(mac.doFinal(encoded.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException(missing);
        }
    }

    private static void assertRefused(Runnable action, Refusal refusal) {
        assertThatThrownBy(action::run)
                .isInstanceOf(RefusedException.class)
                .satisfies(thrown -> assertThat(((RefusedException) thrown).refusal()).isEqualTo(refusal));
    }
}
