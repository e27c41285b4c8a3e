package io.grid.core.cookie;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookieHeaderTest {

    @Test
    void readsTheNamedCookieAmongOthers() {
        assertThat(CookieHeader.value("theme=dark; grid_session=abc.def ; lang=en", "grid_session")).isEqualTo("abc.def");
    }

    @Test
    void removesSurroundingQuotes() {
        assertThat(CookieHeader.value("grid_session=\"abc\"", "grid_session")).isEqualTo("abc");
    }

    @Test
    void doesNotTakeACookieWhoseNameOnlyContainsTheName() {
        assertThat(CookieHeader.value("x_grid_session=evil; grid_session_old=1", "grid_session")).isNull();
    }

    @Test
    void answersNullForAMissingHeaderCookieOrValue() {
        assertThat(CookieHeader.value(null, "grid_session")).isNull();
        assertThat(CookieHeader.value("theme=dark", "grid_session")).isNull();
        assertThat(CookieHeader.value("grid_session=", "grid_session")).isNull();
        assertThat(CookieHeader.value("grid_session=\"\"", "grid_session")).isNull();
    }

    @Test
    void readsABearerTokenWithTheSchemeInAnyCase() {
        assertThat(CookieHeader.bearerToken("Bearer tok")).isEqualTo("tok");
        assertThat(CookieHeader.bearerToken("bEaReR  tok ")).isEqualTo("tok");
    }

    @Test
    void answersNullForOtherSchemesOrNoToken() {
        assertThat(CookieHeader.bearerToken(null)).isNull();
        assertThat(CookieHeader.bearerToken("Basic dXNlcg==")).isNull();
        assertThat(CookieHeader.bearerToken("Bearer ")).isNull();
        assertThat(CookieHeader.bearerToken("Bearer    ")).isNull();
    }
}
