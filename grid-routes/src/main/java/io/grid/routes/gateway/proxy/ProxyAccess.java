package io.grid.routes.gateway.proxy;

import io.grid.core.refusal.Refusal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether a request may reach an order's app, and where the app's entrance is. The gateway
 * implements it with its cookie codec and its order store; the proxy asks it once per request.
 *
 * <p>The proxy calls {@link #decide} on its I/O thread, so an implementation must answer from memory
 * (a verified cookie and a cached view of orders), never block on a database or the network.
 */
@FunctionalInterface
public interface ProxyAccess {

    /**
     * Decides one request.
     *
     * @param orderId      the order named by the request path or host
     * @param cookieValue  the value of the gateway's cookie, or null when the request has none
     * @param bearerToken  the token of an {@code Authorization: Bearer} header, or null
     * @param now          the time of the request
     * @return allowed with the order's recorded entrance, or refused with a status and reason code
     */
    Decision decide(BigInteger orderId, String cookieValue, String bearerToken, Instant now);

    /** The answer of {@link #decide}: {@link Allowed} or {@link Refused}. */
    sealed interface Decision permits Allowed, Refused {

        /** The request may go to {@code entrance} ({@code http://host:port}). */
        static Decision allowed(URI entrance) {
            return new Allowed(entrance);
        }

        /** The request is refused for {@code refusal} (for example {@link Refusal#COOKIE_INVALID}). */
        static Decision refused(Refusal refusal) {
            return new Refused(refusal.httpStatus(), refusal.name());
        }

        /** No cookie or bearer token came with the request: 401. */
        static Decision missingCookie() {
            return refused(Refusal.COOKIE_MISSING);
        }

        /** The cookie is malformed, forged or expired: 401. */
        static Decision invalidCookie() {
            return refused(Refusal.COOKIE_INVALID);
        }

        /** The cookie belongs to another user than the order's: 403. */
        static Decision otherUser() {
            return refused(Refusal.NOT_ORDER_USER);
        }

        /** The order is unknown to this gateway: 404. */
        static Decision unknownOrder() {
            return new Refused(404, "UNKNOWN_ORDER");
        }

        /** The order has no app entrance (not deployed yet, or torn down): 404. */
        static Decision noEntrance() {
            return new Refused(404, "NO_ENTRANCE");
        }

        /** The order has ended (completed, cancelled or expired): 410. */
        static Decision orderEnded() {
            return new Refused(410, "ORDER_ENDED");
        }
    }

    /**
     * The request may go to the order's entrance.
     *
     * @param entrance an {@code http://host:port} URI; its path, if any, is ignored
     */
    record Allowed(URI entrance) implements Decision {
        public Allowed {
            Objects.requireNonNull(entrance, "entrance");
        }
    }

    /**
     * The request is refused.
     *
     * @param status an HTTP status from 400 to 499
     * @param reason a stable reason code, sent in the problem body
     */
    record Refused(int status, String reason) implements Decision {
        public Refused {
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("a refusal has a 4xx status, not " + status);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
