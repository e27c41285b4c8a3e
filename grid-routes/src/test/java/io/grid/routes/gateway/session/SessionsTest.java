package io.grid.routes.gateway.session;

import io.grid.api.Address;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.core.cookie.CookieClaims;
import io.grid.core.cookie.CookieCodec;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.routes.gateway.store.LocalOrder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionsTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Address USER = Address.of("0x00000000000000000000000000000000000000aa");
    static final Address OTHER = Address.of("0x00000000000000000000000000000000000000bb");
    static final CookieCodec CODEC = new CookieCodec(CookieCodec.newKey(new SecureRandom()));

    static LocalOrder order(long id) {
        return new LocalOrder(BigInteger.valueOf(id), USER, Resources.of(1000, 512, 1), 3600, BigInteger.TEN,
                OrderState.ACTIVE, NOW, NOW, 1L, null, null, null, null, null);
    }

    static String token(Address user, long orderId) {
        return CODEC.issue(new CookieClaims(user, BigInteger.valueOf(orderId), NOW.plusSeconds(600)));
    }

    @Test
    void marksTheCookieSecureWhenUsersComeOverTls() {
        Sessions sessions = new Sessions(CODEC, "grid_session", true);

        String setCookie = sessions.setCookie("t.v", NOW.plusSeconds(600), NOW);

        assertThat(setCookie).isEqualTo("grid_session=t.v; Path=/; Max-Age=600; Expires=Thu, 01 Jan 2026 00:10:00 GMT; "
                + "HttpOnly; SameSite=Strict; Secure");
    }

    @Test
    void leavesSecureOffForPlainHttp() {
        Sessions sessions = new Sessions(CODEC, "grid_session", false);

        assertThat(sessions.setCookie("t.v", NOW.plusSeconds(60), NOW)).doesNotContain("Secure");
    }

    @Test
    void acceptsTheOrderUsersCookieAmongOtherCookies() {
        Sessions sessions = new Sessions(CODEC, "grid_session", false);

        CookieClaims claims = sessions.authorise(order(7), "theme=dark; grid_session=" + token(USER, 7), null, NOW);

        assertThat(claims.orderId()).isEqualTo(BigInteger.valueOf(7));
    }

    @Test
    void acceptsABearerTokenWhenNoCookieCame() {
        Sessions sessions = new Sessions(CODEC, "grid_session", false);

        CookieClaims claims = sessions.authorise(order(7), null, "Bearer " + token(USER, 7), NOW);

        assertThat(claims.user()).isEqualTo(USER);
    }

    @Test
    void refusesAnotherUsersSessionWith403() {
        Sessions sessions = new Sessions(CODEC, "grid_session", false);

        assertThatThrownBy(() -> sessions.authorise(order(7), "grid_session=" + token(OTHER, 7), null, NOW))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal().httpStatus()).isEqualTo(403));
    }

    @Test
    void refusesTheUsersSessionOfAnotherOrderWith403() {
        Sessions sessions = new Sessions(CODEC, "grid_session", false);

        assertThatThrownBy(() -> sessions.authorise(order(7), "grid_session=" + token(USER, 8), null, NOW))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(Refusal.SESSION_FOR_OTHER_ORDER);
                    assertThat(e.refusal().httpStatus()).isEqualTo(403);
                });
    }

    @Test
    void refusesAFlippedBitAndAnExpiredCookieWith401() {
        Sessions sessions = new Sessions(CODEC, "grid_session", false);
        String token = token(USER, 7);
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        assertThatThrownBy(() -> sessions.authorise(order(7), "grid_session=" + flipped, null, NOW))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal().httpStatus()).isEqualTo(401));
        assertThatThrownBy(() -> sessions.authorise(order(7), "grid_session=" + token, null, NOW.plusSeconds(600)))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.refusal().name()).isEqualTo("COOKIE_EXPIRED"));
    }
}
