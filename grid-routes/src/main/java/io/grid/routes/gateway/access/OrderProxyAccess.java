package io.grid.routes.gateway.access;

import io.grid.core.cookie.CookieClaims;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.routes.gateway.proxy.ProxyAccess;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may reach an order's app through the reverse proxy: only the order's user, with a valid session
 * for that order, while the order is active and unexpired and has a recorded entrance. Decides from
 * memory only (the session token and the in-memory copy of the order store), as the proxy requires.
 *
 * <p>A token's signature is checked once: the claims of a token that passed are kept, keyed by the exact
 * token, so the next request of the same session skips the HMAC and the decoding (the dearest part of a
 * proxied request). Everything that can change is still checked on every request: the token's expiry
 * against the request's time, and the order's user, state, end and entrance from the order store, so an
 * order that ends is refused from its very next request. A token that fails is never kept.
 */
public class OrderProxyAccess implements ProxyAccess {

    /** Sessions whose checked claims are kept; past this, expired ones are dropped, then all if need be. */
    static final int MAX_KEPT_TOKENS = 4096;

    private final Sessions sessions;
    private final LocalOrders orders;
    private final Map<String, CookieClaims> verified = new ConcurrentHashMap<>();

    public OrderProxyAccess(Sessions sessions, LocalOrders orders) {
        this.sessions = sessions;
        this.orders = orders;
    }

    @Override
    public Decision decide(BigInteger orderId, String cookieValue, String bearerToken, Instant now) {
        CookieClaims claims;
        try {
            claims = claims(cookieValue != null ? cookieValue : bearerToken, now);
        } catch (RefusedException refused) {
            return refused.refusal() == Refusal.COOKIE_MISSING ? Decision.missingCookie() : Decision.invalidCookie();
        }
        Optional<LocalOrder> stored = orders.find(orderId);
        if (stored.isEmpty()) {
            return Decision.unknownOrder();
        }
        LocalOrder order = stored.get();
        if (!claims.user().equals(order.user()) || !claims.orderId().equals(orderId)) {
            return Decision.otherUser();
        }
        if (!order.servable(now)) {
            return Decision.orderEnded();
        }
        if (order.entrance() == null) {
            return Decision.noEntrance();
        }
        return Decision.allowed(order.entrance());
    }

    /** The claims of {@code token}: kept ones when still unexpired at {@code now}, else checked afresh. */
    private CookieClaims claims(String token, Instant now) {
        CookieClaims kept = token == null ? null : verified.get(token);
        if (kept != null) {
            if (now.isBefore(kept.expiresAt())) {
                return kept;
            }
            verified.remove(token, kept);
        }
        CookieClaims claims = sessions.verifyToken(token, null, now);
        if (verified.size() >= MAX_KEPT_TOKENS) {
            verified.values().removeIf(old -> !now.isBefore(old.expiresAt()));
            if (verified.size() >= MAX_KEPT_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, claims);
        return claims;
    }

    /** How many checked sessions are kept (for tests). */
    int keptTokens() {
        return verified.size();
    }
}
