package io.grid.core.cookie;

import io.grid.api.Address;
import java.math.BigInteger;
import java.time.Instant;

/**
 * What a gateway's session cookie vouches for: {@code user} signed in to {@code orderId} and may act
 * on it until {@code expiresAt}.
 *
 * @param user the signed-in address
 * @param orderId the order the session is for; not negative
 * @param expiresAt the first instant at which the cookie is no longer accepted
 */
public record CookieClaims(Address user, BigInteger orderId, Instant expiresAt) {

    public CookieClaims {
        if (user == null || orderId == null || expiresAt == null) {
            throw new IllegalArgumentException("user, orderId and expiresAt are required");
        }
        if (orderId.signum() < 0) {
            throw new IllegalArgumentException("orderId must not be negative");
        }
    }
}
