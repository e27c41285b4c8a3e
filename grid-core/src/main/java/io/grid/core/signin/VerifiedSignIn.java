package io.grid.core.signin;

import io.grid.api.Address;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A sign-in that passed every check: {@code user} proved control of their address for {@code orderId}.
 *
 * @param user the address that signed
 * @param orderId the order signed in to
 * @param expiresAt the signed message's expiration time; a session built on it must not outlive it
 */
public record VerifiedSignIn(Address user, BigInteger orderId, Instant expiresAt) {
}
