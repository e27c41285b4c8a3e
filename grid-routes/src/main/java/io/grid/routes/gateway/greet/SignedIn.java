package io.grid.routes.gateway.greet;

import io.grid.api.GreetType;
import io.grid.api.OrderState;

import java.math.BigInteger;
import java.time.Instant;

/**
 * The answer to a successful greet type 2: the session token, also set as the gateway's HttpOnly
 * cookie, for clients that send it back as {@code Authorization: Bearer <token>} instead.
 *
 * @param type          always {@link GreetType#SIGN_IN}
 * @param orderId       the order signed in to
 * @param state         the order's state
 * @param cookieExpires when the session ends: the signed message's expiry or the order's end, whichever is first
 * @param token         the session token
 */
public record SignedIn(GreetType type, BigInteger orderId, OrderState state, Instant cookieExpires, String token) {
}
