package io.grid.routes.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.core.cookie.CookieClaims;
import io.grid.core.cookie.CookieCodec;
import io.grid.routes.gateway.proxy.ProxyAccess.Allowed;
import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import io.grid.routes.gateway.proxy.ProxyAccess.Refused;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.GatewaySchema;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's access check keeps the claims of a session token it has checked, and still refuses, from
 * the very next request, an order that ended, a token that expired, and any other token it has not checked.
 */
class OrderProxyAccessTest {

    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address STRANGER = Address.of("0x2222222222222222222222222222222222222222");
    private static final Address PROVIDER = Address.of("0x3333333333333333333333333333333333333333");
    private static final BigInteger ORDER = BigInteger.valueOf(41);
    private static final URI ENTRANCE = URI.create("http://10.0.0.7:8080");
    private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant EXPIRES = STARTED.plusSeconds(600);

    private final Sessions sessions = new Sessions(new CookieCodec(CookieCodec.newKey(new SecureRandom())), "grid",
            false);
    private LocalOrders orders;
    private OrderProxyAccess access;

    @BeforeEach
    void storeAnActiveDeployedOrder(@TempDir Path directory) {
        DataSource dataSource = TestDatabase.inSchema(directory, "GRID_GATEWAY");
        GatewaySchema.migrate(dataSource);
        orders = new LocalOrders(dataSource);
        Order order = new Order(ORDER, USER, PROVIDER, Resources.of(500, 256, 1), 3600, BigInteger.TEN,
                OrderState.ACTIVE, STARTED, STARTED, null, false);
        Transactions.inTransaction(dataSource, c -> orders.insertAccepting(c, order, null));
        orders.recordChainState(ORDER, OrderState.ACTIVE, STARTED);
        orders.recordApp(ORDER, "https://apps.test/app.yaml", "order-41", ENTRANCE);
        access = new OrderProxyAccess(sessions, orders);
    }

    private String token(Address user, Instant expiresAt) {
        return sessions.issue(new CookieClaims(user, ORDER, expiresAt));
    }

    @Test
    void allowsEveryRequestOfOneSessionAndKeepsItsCheckedClaims() {
        String token = token(USER, EXPIRES);

        Decision first = access.decide(ORDER, token, null, STARTED.plusSeconds(1));
        Decision second = access.decide(ORDER, new String(token.toCharArray()), null, STARTED.plusSeconds(2));

        assertThat(first).isEqualTo(new Allowed(ENTRANCE));
        assertThat(second).isEqualTo(new Allowed(ENTRANCE));
        assertThat(access.keptTokens()).isEqualTo(1);
    }

    @Test
    void refusesAKeptSessionFromTheRequestAfterItsOrderEnds() {
        String token = token(USER, EXPIRES);
        assertThat(access.decide(ORDER, token, null, STARTED.plusSeconds(1))).isInstanceOf(Allowed.class);

        orders.recordChainState(ORDER, OrderState.CANCELLED, STARTED);
        Decision after = access.decide(ORDER, token, null, STARTED.plusSeconds(2));

        assertThat(after).isEqualTo(new Refused(410, "ORDER_ENDED"));
    }

    @Test
    void refusesAKeptSessionOnceItsTokenExpires() {
        String token = token(USER, EXPIRES);
        assertThat(access.decide(ORDER, token, null, EXPIRES.minusSeconds(1))).isInstanceOf(Allowed.class);

        Decision atExpiry = access.decide(ORDER, token, null, EXPIRES);

        assertThat(atExpiry).isEqualTo(new Refused(401, "COOKIE_INVALID"));
        assertThat(access.keptTokens()).isZero();
    }

    @Test
    void checksEveryOtherTokenAfreshAndNeverKeepsARefusedOne() {
        String token = token(USER, EXPIRES);
        assertThat(access.decide(ORDER, token, null, STARTED.plusSeconds(1))).isInstanceOf(Allowed.class);
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        Decision forgedDecision = access.decide(ORDER, forged, null, STARTED.plusSeconds(2));
        Decision strangerDecision = access.decide(ORDER, token(STRANGER, EXPIRES), null, STARTED.plusSeconds(3));
        Decision bearerDecision = access.decide(ORDER, null, forged, STARTED.plusSeconds(4));
        Decision noneDecision = access.decide(ORDER, null, null, STARTED.plusSeconds(5));

        assertThat(forgedDecision).isEqualTo(new Refused(401, "COOKIE_INVALID"));
        assertThat(strangerDecision).isEqualTo(new Refused(403, "NOT_ORDER_USER"));
        assertThat(bearerDecision).isEqualTo(new Refused(401, "COOKIE_INVALID"));
        assertThat(noneDecision).isEqualTo(new Refused(401, "COOKIE_MISSING"));
        assertThat(access.keptTokens()).isEqualTo(2);
    }

    @Test
    void keepsAtMostItsLimitOfSessions() {
        for (int i = 0; i < OrderProxyAccess.MAX_KEPT_TOKENS + 10; i++) {
            access.decide(ORDER, token(USER, EXPIRES.plusSeconds(i)), null, STARTED.plusSeconds(1));
        }

        assertThat(access.keptTokens()).isLessThanOrEqualTo(OrderProxyAccess.MAX_KEPT_TOKENS);
    }
}
