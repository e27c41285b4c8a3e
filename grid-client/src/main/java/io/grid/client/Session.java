package io.grid.client;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A user's sign-in at a gateway for one order (greet type 2): the token the gateway's cookie carries, usable as
 * {@code Authorization: Bearer} for the gateway's API and its proxy.
 *
 * @param orderId the order it is for
 * @param token   the session token; a secret, like a cookie
 * @param expires when it stops working
 */
public record Session(BigInteger orderId, String token, Instant expires) {

    /** @return the value of an {@code Authorization} header carrying this session */
    public String authorization() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "Session[order " + orderId + ", expires " + expires + "]";
    }
}
