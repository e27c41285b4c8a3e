package io.grid.core.cookie;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and checks a gateway's session cookie: {@code base64url(payload) "." base64url(HMAC-SHA256)},
 * where the payload is {@code v1|<address>|<orderId>|<expiresAt ISO-8601>} and the HMAC is taken over
 * the encoded payload text. The key has no default: generate one with {@link #newKey(SecureRandom)} on
 * first start and persist it, or configure one.
 */
public final class CookieCodec {

    /** The shortest key accepted: the HMAC-SHA256 output size. */
    public static final int MIN_KEY_BYTES = 32;
    /** The longest token read; real tokens are about 200 characters. */
    public static final int MAX_TOKEN_LENGTH = 512;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern ORDER_ID = Pattern.compile("0|[1-9][0-9]{0,77}");

    private final SecretKeySpec key;

    /** @param key the HMAC key, at least {@value #MIN_KEY_BYTES} bytes; copied */
    public CookieCodec(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the cookie key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A fresh random key of {@value #MIN_KEY_BYTES} bytes, for a gateway's first start. */
    public static byte[] newKey(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random is missing");
        }
        byte[] fresh = new byte[MIN_KEY_BYTES];
        random.nextBytes(fresh);
        return fresh;
    }

    /** The cookie value vouching for {@code claims}. */
    public String issue(CookieClaims claims) {
        String payload = String.join("|", VERSION, claims.user().value(), claims.orderId().toString(),
                claims.expiresAt().toString());
        String encodedPayload = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encodedPayload + "." + mac(encodedPayload);
    }

    /**
     * Checks a cookie value and returns what it vouches for.
     *
     * @throws RefusedException {@link Refusal#COOKIE_MISSING} for no token, {@link Refusal#COOKIE_INVALID}
     *     for a malformed or altered one, {@link Refusal#COOKIE_EXPIRED} once {@code now} reaches its expiry
     */
    public CookieClaims verify(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            throw new RefusedException(Refusal.COOKIE_MISSING, "no session cookie came with the request");
        }
        if (token.length() > MAX_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
            throw invalid("the session cookie is malformed");
        }
        int dot = token.indexOf('.');
        String encodedPayload = token.substring(0, dot);
        // Comparing the encoded MACs, not decoded bytes: a base64 spelling with different unused
        // bits would decode to the same bytes, and must not pass.
        byte[] expected = mac(encodedPayload).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid("the session cookie's signature does not match");
        }
        CookieClaims claims = read(encodedPayload);
        if (!now.isBefore(claims.expiresAt())) {
            throw new RefusedException(Refusal.COOKIE_EXPIRED, "the session cookie expired at " + claims.expiresAt());
        }
        return claims;
    }

    private static CookieClaims read(String encodedPayload) {
        try {
            String[] fields = new String(Base64.getUrlDecoder().decode(encodedPayload), StandardCharsets.UTF_8)
                    .split("\\|", -1);
            if (fields.length != 4 || !fields[0].equals(VERSION) || !ORDER_ID.matcher(fields[2]).matches()) {
                throw new IllegalArgumentException("unexpected fields");
            }
            return new CookieClaims(Address.of(fields[1]), new BigInteger(fields[2]), Instant.parse(fields[3]));
        } catch (IllegalArgumentException | DateTimeParseException offForm) {
            // Reached only with a valid MAC, i.e. a token made with this key by other code.
            RefusedException refused = invalid("the session cookie's payload is not in its form");
            refused.initCause(offForm);
            throw refused;
        }
    }

    private String mac(String encodedPayload) {
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(key);
            return ENCODER.encodeToString(hmac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException missing) {
            // Every Java platform must provide HmacSHA256; reaching this is a broken runtime.
            throw new IllegalStateException("HmacSHA256 is not available", missing);
        }
    }

    private static RefusedException invalid(String detail) {
        return new RefusedException(Refusal.COOKIE_INVALID, detail);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "CookieCodec[key=***]";
    }
}
