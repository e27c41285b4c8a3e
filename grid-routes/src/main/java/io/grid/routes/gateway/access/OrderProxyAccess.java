package io.grid.routes.gateway.access;

import io.grid.core.cookie.CookieClaims;
import io.grid.core.greet.Refusal;
import io.grid.core.greet.RefusedException;
import io.grid.routes.gateway.proxy.ProxyAccess;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * Who may reach an order's app through the reverse proxy: only the order's user, with a valid session
 * for that order, while the order is active and unexpired and has a recorded entrance. Decides from
 * memory only (the session token and the in-memory copy of the order store), as the proxy requires.
 */
public class OrderProxyAccess implements ProxyAccess {

    private final Sessions sessions;
    private final LocalOrders orders;

    public OrderProxyAccess(Sessions sessions, LocalOrders orders) {
        this.sessions = sessions;
        this.orders = orders;
    }

    @Override
    public Decision decide(BigInteger orderId, String cookieValue, String bearerToken, Instant now) {
        CookieClaims claims;
        try {
            claims = sessions.verifyToken(cookieValue, bearerToken, now);
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
}
