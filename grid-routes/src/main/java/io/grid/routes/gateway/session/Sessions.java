package io.grid.routes.gateway.session;

import io.grid.core.cookie.CookieClaims;
import io.grid.core.cookie.CookieCodec;
import io.grid.core.cookie.CookieHeader;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.routes.gateway.store.LocalOrder;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The gateway's sessions: issues the cookie a signed-in user gets (greet type 2) and checks the
 * cookie or bearer token that comes back on later requests. Decisions on the token itself (HMAC,
 * expiry) are {@link CookieCodec}'s; this class binds a valid token to one order and its user.
 */
public class Sessions {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final CookieCodec codec;
    private final String cookieName;
    private final boolean secure;

    /**
     * @param codec      signs and checks tokens
     * @param cookieName the cookie's name
     * @param secure     true when users reach the gateway over TLS: the cookie is then {@code Secure}
     */
    public Sessions(CookieCodec codec, String cookieName, boolean secure) {
        this.codec = codec;
        this.cookieName = cookieName;
        this.secure = secure;
    }

    /** The cookie's name. */
    public String cookieName() {
        return cookieName;
    }

    /** A token vouching for {@code claims}. */
    public String issue(CookieClaims claims) {
        return codec.issue(claims);
    }

    /**
     * The {@code Set-Cookie} value carrying {@code token}: HttpOnly, SameSite=Strict, Path=/, Secure
     * behind TLS, expiring at {@code expiresAt} (Max-Age counted from {@code now}).
     */
    public String setCookie(String token, Instant expiresAt, Instant now) {
        long maxAge = Math.max(0, Duration.between(now, expiresAt).getSeconds());
        return cookieName + "=" + token + "; Path=/; Max-Age=" + maxAge + "; Expires=" + HTTP_DATE.format(expiresAt)
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /**
     * Checks the session presented for {@code order}: the cookie (or else the bearer token) must be
     * valid, unexpired, made for this order's user and for this order.
     *
     * @throws RefusedException {@code COOKIE_MISSING}, {@code COOKIE_INVALID} or {@code COOKIE_EXPIRED} (401),
     *     {@code NOT_ORDER_USER} (403) for another user's session
     * @throws RefusedException 403 {@code SESSION_FOR_OTHER_ORDER} for the user's session of another order
     */
    public CookieClaims authorise(LocalOrder order, String cookieHeader, String authorization, Instant now) {
        CookieClaims claims = verify(cookieHeader, authorization, now);
        if (!claims.user().equals(order.user())) {
            throw new RefusedException(Refusal.NOT_ORDER_USER,
                    "the session belongs to " + claims.user() + ", not to the user of order " + order.orderId());
        }
        requireOrder(claims, order.orderId());
        return claims;
    }

    /** The claims of the presented cookie or bearer token, checked only for HMAC and expiry. */
    public CookieClaims verify(String cookieHeader, String authorization, Instant now) {
        return verifyToken(cookieValue(cookieHeader), CookieHeader.bearerToken(authorization), now);
    }

    /**
     * The claims of a session token: the cookie's value, or else the bearer token; checked only for
     * HMAC and expiry.
     *
     * @throws RefusedException {@code COOKIE_MISSING}, {@code COOKIE_INVALID} or {@code COOKIE_EXPIRED}
     */
    public CookieClaims verifyToken(String cookieValue, String bearerToken, Instant now) {
        return codec.verify(cookieValue != null ? cookieValue : bearerToken, now);
    }

    private static void requireOrder(CookieClaims claims, BigInteger orderId) {
        if (!claims.orderId().equals(orderId)) {
            throw new RefusedException(Refusal.SESSION_FOR_OTHER_ORDER,
                    "the session was issued for order " + claims.orderId() + ", not " + orderId);
        }
    }

    /** The value of this gateway's cookie in a {@code Cookie} header, or null. */
    public String cookieValue(String cookieHeader) {
        return CookieHeader.value(cookieHeader, cookieName);
    }
}
