package io.grid.routes.gateway.greet;

import java.math.BigInteger;
import java.time.Instant;

/**
 * What a user needs to write the sign-in message of greet type 2.
 *
 * @param orderId   the order to sign in to
 * @param nonce     the single-use nonce for the message's {@code Nonce:} line
 * @param domain    the domain the message must name
 * @param chainId   the chain id the message must name
 * @param uri       the URI the message should name
 * @param expiresAt when the nonce stops being accepted
 */
public record SignInNonce(BigInteger orderId, String nonce, String domain, long chainId, String uri, Instant expiresAt) {
}
