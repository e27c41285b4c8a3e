package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.core.refusal.Refusal;
import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Header, cookie, entrance and settings rules without sockets. */
@ExtendWith(BufferLeakWatch.class)
class ProxyRulesTest {

    @Test
    void keepsWebSocketUpgradeWhileStrippingOtherHopByHopHeaders() {
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        request.headers().add("Upgrade", "websocket").add("Connection", "Upgrade, X-Hop").add("X-Hop", "1")
                .add("Proxy-Foo", "2").add("Sec-WebSocket-Key", "k");

        boolean webSocket = HopByHopHeaders.isWebSocketUpgrade(request);
        HopByHopHeaders.strip(request.headers(), webSocket);

        assertThat(webSocket).isTrue();
        assertThat(request.headers().get("Upgrade")).isEqualTo("websocket");
        assertThat(request.headers().get("Connection")).isEqualTo("upgrade");
        assertThat(request.headers().contains("X-Hop")).isFalse();
        assertThat(request.headers().contains("Proxy-Foo")).isFalse();
        assertThat(request.headers().get("Sec-WebSocket-Key")).isEqualTo("k");
    }

    @Test
    void neverLetsConnectionRemoveFraming() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Connection", "Content-Length, Host")
                .add("Content-Length", "3").add("Host", "h");

        HopByHopHeaders.strip(headers, false);

        assertThat(headers.get("Content-Length")).isEqualTo("3");
        assertThat(headers.get("Host")).isEqualTo("h");
    }

    @Test
    void readsQuotedCookiesAndBearerTokens() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Cookie", "gridx=1; grid=\"v\"")
                .add("Authorization", "bearer  tok ");

        assertThat(GatewayCookie.valueIn(headers, "grid")).isEqualTo("v");
        assertThat(GatewayCookie.bearerToken(headers)).isEqualTo("tok");
        assertThat(GatewayCookie.bearerToken(new DefaultHttpHeaders().add("Authorization", "Basic x"))).isNull();
        assertThat(GatewayCookie.valueIn(new DefaultHttpHeaders().add("Cookie", "grid="), "grid")).isNull();
    }

    @Test
    void removesTheCookieHeaderWhenOnlyTheGatewayCookieWasThere() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Cookie", "grid=v");

        GatewayCookie.removeFromRequest(headers, "grid");

        assertThat(headers.contains("Cookie")).isFalse();
    }

    @Test
    void readerTakesTheGatewayCookieFromEveryRequestOfAConnectionAndKeepsTheOthers() {
        GatewayCookie.Reader reader = new GatewayCookie.Reader("grid");
        HttpHeaders first = new DefaultHttpHeaders().add("Cookie", "a=1; grid=tok; b=2").add("Authorization", "x");
        HttpHeaders second = new DefaultHttpHeaders().add("Cookie", "a=1; grid=tok; b=2").add("Authorization", "x");

        String firstValue = reader.take(first);
        String secondValue = reader.take(second);

        assertThat(firstValue).isEqualTo("tok");
        assertThat(secondValue).isEqualTo("tok");
        for (HttpHeaders headers : new HttpHeaders[] {first, second}) {
            assertThat(headers.getAll("Cookie")).containsExactly("a=1; b=2");
            assertThat(headers.contains("Authorization")).isFalse();
        }
    }

    @Test
    void readerReadsAgainWhenTheCookieHeaderChanges() {
        GatewayCookie.Reader reader = new GatewayCookie.Reader("grid");
        HttpHeaders withGatewayCookie = new DefaultHttpHeaders().add("Cookie", "grid=one");
        HttpHeaders otherToken = new DefaultHttpHeaders().add("Cookie", "grid=two; theme=dark");
        HttpHeaders appCookieOnly = new DefaultHttpHeaders().add("Cookie", "theme=dark");
        HttpHeaders none = new DefaultHttpHeaders();

        String one = reader.take(withGatewayCookie);
        String two = reader.take(otherToken);
        String appOnly = reader.take(appCookieOnly);
        String missing = reader.take(none);

        assertThat(one).isEqualTo("one");
        assertThat(withGatewayCookie.contains("Cookie")).isFalse();
        assertThat(two).isEqualTo("two");
        assertThat(otherToken.getAll("Cookie")).containsExactly("theme=dark");
        assertThat(appOnly).isNull();
        assertThat(appCookieOnly.getAll("Cookie")).containsExactly("theme=dark");
        assertThat(missing).isNull();
        assertThat(none.contains("Cookie")).isFalse();
    }

    @Test
    void readerJoinsSeveralCookieHeadersWithoutTheGatewayCookie() {
        GatewayCookie.Reader reader = new GatewayCookie.Reader("grid");
        HttpHeaders headers = new DefaultHttpHeaders().add("Cookie", "theme=dark; grid=v").add("Cookie", "lang=en");

        String value = reader.take(headers);

        assertThat(value).isEqualTo("v");
        assertThat(headers.getAll("Cookie")).containsExactly("theme=dark; lang=en");
    }

    @Test
    void dropsOnlySetCookiesNamingTheGatewayCookie() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Set-Cookie", "grid=x; HttpOnly")
                .add("Set-Cookie", "grid2=y").add("Set-Cookie", "grid =z; Path=/");

        GatewayCookie.removeFromResponse(headers, "grid");

        assertThat(headers.getAll("Set-Cookie")).containsExactly("grid2=y");
    }

    @Test
    void acceptsOnlyHttpEntrances() {
        assertThat(Entrance.of(URI.create("http://10.0.0.5:8080")).authority()).isEqualTo("10.0.0.5:8080");
        assertThat(Entrance.of(URI.create("http://[::1]")).authority()).isEqualTo("[::1]");
        assertThatThrownBy(() -> Entrance.of(URI.create("https://a:1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Entrance.of(URI.create("http:/nohost"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mapsCoreRefusalsToDecisions() {
        assertThat(Decision.refused(Refusal.COOKIE_EXPIRED)).isEqualTo(new ProxyAccess.Refused(401, "COOKIE_EXPIRED"));
        assertThat(Decision.otherUser()).isEqualTo(new ProxyAccess.Refused(403, "NOT_ORDER_USER"));
        assertThatThrownBy(() -> new ProxyAccess.Refused(502, "X")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnusableSettings() {
        ProxySettings defaults = ProxySettings.defaults("grid");

        assertThat(defaults.withWildcardDomain("GW.Example").wildcardDomain()).isEqualTo("gw.example");
        assertThatThrownBy(() -> ProxySettings.defaults("bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withResponseTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxRequestBodyBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withWildcardDomain("-bad-.x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withWorkerThreads(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
