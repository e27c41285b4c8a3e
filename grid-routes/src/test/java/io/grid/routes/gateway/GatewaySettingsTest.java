package io.grid.routes.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Resources;
import io.grid.routes.gateway.proxy.ProxySettings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {

    private static final Resources SOME = Resources.of(1_000, 1_024, 10);

    @Test
    void usualSettingsListenWhereUsersReachTheGatewayAndTheProxyOnAFreePort() {
        GatewaySettings settings = GatewaySettings.of(URI.create("http://127.0.0.1:18120"), 31337, SOME);

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(18120);
        assertThat(settings.proxyHost()).isEqualTo("127.0.0.1");
        assertThat(settings.proxyPort()).isZero();
        assertThat(settings.proxy()).isEqualTo(ProxySettings.defaults("grid_session"));
    }

    @Test
    void aPublicUrlWithoutPortListensOnItsSchemesPort() {
        assertThat(GatewaySettings.of(URI.create("https://gw.example.org"), 1, SOME).port()).isEqualTo(443);
        assertThat(GatewaySettings.of(URI.create("http://gw.example.org"), 1, SOME).port()).isEqualTo(80);
    }

    @Test
    void theSevenSettingsOfBeforeKeepTheUsualValuesForTheRest() {
        GatewaySettings usual = GatewaySettings.of(URI.create("http://127.0.0.1:18121"), 31337, SOME);

        GatewaySettings named = new GatewaySettings(usual.publicUrl(), 31337, SOME, "gw_cookie",
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(7));

        assertThat(named.cookieName()).isEqualTo("gw_cookie");
        assertThat(named.proxy().cookieName()).isEqualTo("gw_cookie");
        assertThat(named.lifecyclePeriod()).isEqualTo(Duration.ofSeconds(7));
        assertThat(named.readinessTimeout()).isEqualTo(usual.readinessTimeout());
        assertThat(named.outbox()).isEqualTo(usual.outbox());
    }

    @Test
    void refusesAProxyThatStripsAnotherCookieThanTheGatewaysOwn() {
        GatewaySettings usual = GatewaySettings.of(URI.create("http://127.0.0.1:18122"), 31337, SOME);

        assertThatThrownBy(() -> usual.withProxy(ProxySettings.defaults("other_cookie"), "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie name");
    }

    @Test
    void refusesANonPositiveReadinessTimeoutAndAPortOutOfRange() {
        GatewaySettings usual = GatewaySettings.of(URI.create("http://127.0.0.1:18123"), 31337, SOME);

        assertThatThrownBy(() -> usual.withReadinessTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readinessTimeout");
        assertThatThrownBy(() -> usual.withProxy(usual.proxy(), "127.0.0.1", 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxyPort");
    }

    @Test
    void anAssemblyIsNotBuiltWithoutItsRequiredParts() {
        GatewayAssembly.Builder builder = GatewayAssembly.builder(
                GatewaySettings.of(URI.create("http://127.0.0.1:18124"), 31337, SOME));

        assertThatThrownBy(builder::build).isInstanceOf(NullPointerException.class).hasMessage("database");
    }
}
