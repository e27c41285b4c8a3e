package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Problem;
import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests and responses crossing the proxy over real loopback sockets: what passes, what does not. */
@ExtendWith(BufferLeakWatch.class)
class ProxyForwardingTest {

    private ProxyFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new ProxyFixture(ProxySettings.defaults(ProxyFixture.COOKIE).withWildcardDomain("gw.test"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void forwardsMethodPathQueryAndBodyWithThePrefixRemoved() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(fixture.uri("/orders/7/app/notes/a%20b?x=1&y=%2F"))
                .header("Cookie", "grid=user-7")
                .PUT(HttpRequest.BodyPublishers.ofString("hello app"))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        AppBackend.Seen seen = fixture.app.last();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.rawPath()).isEqualTo("/notes/a%20b");
        assertThat(seen.rawQuery()).isEqualTo("x=1&y=%2F");
        assertThat(seen.bodyBytes()).isEqualTo(9);
        assertThat(response.body()).isEqualTo("bytes=9 sha256=" + seen.bodySha256());
        assertThat(seen.header("X-Forwarded-Prefix")).isEqualTo("/orders/7/app");
    }

    @Test
    void forwardsTheAppRootWhenNothingFollowsThePrefix() throws IOException {
        RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get("/orders/7/app", ""));

        assertThat(response.status()).isEqualTo(200);
        assertThat(fixture.app.last().rawPath()).isEqualTo("/");
    }

    @Test
    void stripsHopByHopRequestHeaders() throws IOException {
        RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get("/orders/7/app/h",
                "Connection: keep-alive, X-Secret\r\nX-Secret: hop\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                        + "Trailer: X-Sum\r\nUpgrade: h2c\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                        + "Proxy-Connection: keep-alive\r\nX-End: kept\r\n"));

        assertThat(response.status()).isEqualTo(200);
        AppBackend.Seen seen = fixture.app.last();
        for (String name : new String[] {"X-Secret", "Keep-Alive", "TE", "Trailer", "Upgrade",
            "Proxy-Authorization", "Proxy-Connection"}) {
            assertThat(seen.header(name)).as(name).isNull();
        }
        assertThat(seen.header("Connection")).isNotEqualToIgnoringCase("keep-alive, X-Secret");
        assertThat(seen.header("X-End")).isEqualTo("kept");
    }

    @Test
    void stripsHopByHopResponseHeadersAndTheAppsSetCookieForTheGatewayCookie() throws IOException {
        RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get("/orders/7/app/hop-by-hop", ""));

        assertThat(response.status()).isEqualTo(200);
        for (String name : new String[] {"X-Secret", "Keep-Alive", "Proxy-Authenticate", "Trailer", "Upgrade"}) {
            assertThat(response.header(name)).as(name).isNull();
        }
        assertThat(response.header("Connection")).isNull();
        assertThat(response.header("X-App")).isEqualTo("end-to-end");
        assertThat(response.headers("Set-Cookie")).containsExactly("app=kept; Path=/");
    }

    @Test
    void setsForwardedHeadersItselfAndIgnoresTheClients() throws IOException {
        RawHttp.exchange(fixture.port(), fixture.get("/orders/7/app/f",
                "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.test\r\n"
                        + "Forwarded: for=203.0.113.9;host=evil.test\r\nX-Real-IP: 203.0.113.9\r\n"));

        AppBackend.Seen seen = fixture.app.last();
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("X-Forwarded-Host")).isEqualTo("gateway.test");
        assertThat(seen.header("Forwarded")).isNull();
        assertThat(seen.header("X-Real-IP")).isNull();
    }

    @Test
    void removesTheGatewayCookieAndKeepsTheAppsCookies() throws IOException {
        String request = "GET /orders/7/app/c HTTP/1.1\r\nHost: gateway.test\r\n"
                + "Cookie: theme=dark; grid=user-7; session=abc\r\nCookie: lang=en\r\n\r\n";

        RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(fixture.lastCookie).isEqualTo("user-7");
        assertThat(fixture.app.last().header("Cookie")).isEqualTo("theme=dark; session=abc; lang=en");
    }

    @Test
    void acceptsABearerTokenAndNeverForwardsAuthorization() throws IOException {
        String request = "GET /orders/7/app/b HTTP/1.1\r\nHost: gateway.test\r\nAuthorization: Bearer user-7\r\n\r\n";

        RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(fixture.lastBearer).isEqualTo("user-7");
        assertThat(fixture.app.last().header("Authorization")).isNull();
        assertThat(fixture.app.last().header("Cookie")).isNull();
    }

    @Test
    void spoofedHostAndAbsoluteUriCannotChangeTheUpstream() throws IOException {
        try (AppBackend decoy = new AppBackend()) {
            String decoyAuthority = decoy.entrance().getAuthority();
            String request = "GET http://" + decoyAuthority + "/orders/7/app/spoof?q=1 HTTP/1.1\r\nHost: "
                    + decoyAuthority + "\r\nCookie: grid=user-7\r\n\r\n";

            RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

            assertThat(response.status()).isEqualTo(200);
            assertThat(decoy.seen()).isEmpty();
            assertThat(fixture.app.last().rawPath()).isEqualTo("/spoof");
            assertThat(fixture.app.last().header("Host")).isEqualTo(fixture.app.entrance().getAuthority());
        }
    }

    @Test
    void routesAWildcardHostToItsOrderKeepingTheWholePath() throws IOException {
        String request = "GET /dashboard?tab=2 HTTP/1.1\r\nHost: 7.apps.gw.test:8080\r\nCookie: grid=user-7\r\n\r\n";

        RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(fixture.app.last().rawPath()).isEqualTo("/dashboard");
        assertThat(fixture.app.last().rawQuery()).isEqualTo("tab=2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/7/app/../../8/app/x", "/orders/7/app/%2e%2e/%2E%2E/8/app/x",
        "/orders/7/app/a%2f..%2f..%2f8", "/orders/7/app/%252e%252e/x", "/orders/7/app/..\\..\\8",
        "/orders/7/app/./x"})
    void refusesPathTraversal(String path) throws IOException {
        RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get(path, ""));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.text()).contains("\"reason\":\"PATH_TRAVERSAL\"");
        assertThat(fixture.app.seen()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/orders/7", "/orders/7/application", "/orders/x/app/", "/platform/orders"})
    void answersOtherPathsWithNotFoundProblem(String path) throws IOException {
        RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get(path, ""));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.text()).contains("\"status\":404");
        assertThat(fixture.app.seen()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "7, , 401, COOKIE_MISSING",
        "7, grid=forged, 401, COOKIE_INVALID",
        "7, grid=user-8, 403, NOT_ORDER_USER",
        "9, grid=user-7, 404, UNKNOWN_ORDER"
    })
    void answersAccessRefusalsWithTheirStatusAndReason(long order, String cookie, int status, String reason)
            throws IOException {
        String request = "GET /orders/" + order + "/app/x HTTP/1.1\r\nHost: gateway.test\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";

        RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.text()).contains("\"reason\":\"" + reason + "\"");
        assertThat(fixture.app.seen()).isEmpty();
    }

    @Test
    void answersGoneForAnEndedOrderAndNotFoundWithoutEntrance() throws IOException {
        fixture.decide(11, Decision.orderEnded());
        fixture.decide(12, Decision.noEntrance());

        RawHttp.Response ended = RawHttp.exchange(fixture.port(), fixture.get("/orders/11/app/", ""));
        RawHttp.Response undeployed = RawHttp.exchange(fixture.port(), fixture.get("/orders/12/app/", ""));

        assertThat(ended.status()).isEqualTo(410);
        assertThat(ended.text()).contains("\"reason\":\"ORDER_ENDED\"");
        assertThat(undeployed.status()).isEqualTo(404);
        assertThat(undeployed.text()).contains("\"reason\":\"NO_ENTRANCE\"");
    }

    @Test
    void keepsTheClientConnectionAfterARefusal() throws IOException {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send("GET /orders/7/app/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
            RawHttp.Response refused = http.read();
            http.send(fixture.get("/orders/7/app/after", ""));
            RawHttp.Response allowed = http.read();

            assertThat(refused.status()).isEqualTo(401);
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(fixture.app.last().rawPath()).isEqualTo("/after");
        }
    }

    @Test
    void routesEachRequestOfAConnectionByItsOwnTargetHostAndCookie() throws IOException {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(fixture.get("/orders/7/app/a?q=1", ""));
            RawHttp.Response first = http.read();
            String firstTarget = fixture.app.last().rawPath() + "?" + fixture.app.last().rawQuery();
            http.send(fixture.get("/orders/7/app/b", ""));
            RawHttp.Response second = http.read();
            String secondPath = fixture.app.last().rawPath();
            http.send(fixture.get("/orders/7/app/a?q=1", ""));
            RawHttp.Response again = http.read();
            http.send(fixture.get("/orders/7/app/%2e%2e/x", ""));
            RawHttp.Response traversal = http.read();
            http.send("GET /orders/7/app/a?q=1 HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=" + ProxyFixture.OTHER_USER + "\r\n\r\n");
            RawHttp.Response otherCookie = http.read();
            http.send("GET /orders/7/app/a?q=1 HTTP/1.1\r\nHost: other.test\r\nCookie: grid=user-7; k=v\r\n\r\n");
            RawHttp.Response otherHost = http.read();

            assertThat(first.status()).isEqualTo(200);
            assertThat(firstTarget).isEqualTo("/a?q=1");
            assertThat(second.status()).isEqualTo(200);
            assertThat(secondPath).isEqualTo("/b");
            assertThat(again.status()).isEqualTo(200);
            assertThat(traversal.status()).isEqualTo(400);
            assertThat(otherCookie.status()).isEqualTo(403);
            assertThat(otherHost.status()).isEqualTo(200);
            assertThat(fixture.app.last().header("X-Forwarded-Host")).isEqualTo("other.test");
            assertThat(fixture.app.last().header("Cookie")).isEqualTo("k=v");
            assertThat(fixture.app.seen()).hasSize(4);
        }
    }

    @Test
    void reusesUpstreamConnectionsAcrossRequests() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        int requests = 30;

        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(fixture.uri("/orders/7/app/k" + i))
                    .header("Cookie", "grid=user-7").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(fixture.app.seen()).hasSize(requests);
        assertThat(fixture.app.connections()).isLessThanOrEqualTo(2);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws IOException {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(fixture.get("/orders/7/app/one", "") + fixture.get("/orders/7/app/two", "")
                    + fixture.get("/orders/7/app/three", ""));

            RawHttp.Response one = http.read();
            RawHttp.Response two = http.read();
            RawHttp.Response three = http.read();

            assertThat(one.status()).isEqualTo(200);
            assertThat(two.status()).isEqualTo(200);
            assertThat(three.status()).isEqualTo(200);
            assertThat(fixture.app.seen()).extracting(AppBackend.Seen::rawPath)
                    .containsExactly("/one", "/two", "/three");
        }
    }

    @Test
    void closesAfterTheResponseWhenTheClientAsksForIt() throws IOException {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(fixture.get("/orders/7/app/bye", "Connection: close\r\n"));

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void sendsEachOrderToItsOwnEntranceOnOneKeptAliveConnection() throws IOException {
        try (AppBackend otherApp = new AppBackend(); RawHttp http = new RawHttp(fixture.port())) {
            fixture.decide(9, Decision.allowed(otherApp.entrance()));

            http.send(fixture.get("/orders/7/app/seven", ""));
            RawHttp.Response first = http.read();
            http.send(fixture.get("/orders/9/app/nine", ""));
            RawHttp.Response second = http.read();
            http.send(fixture.get("/orders/7/app/seven-again", ""));
            RawHttp.Response third = http.read();

            assertThat(List.of(first.status(), second.status(), third.status())).containsOnly(200);
            assertThat(fixture.app.seen()).extracting(AppBackend.Seen::rawPath)
                    .containsExactly("/seven", "/seven-again");
            assertThat(otherApp.seen()).extracting(AppBackend.Seen::rawPath).containsExactly("/nine");
            assertThat(otherApp.last().header("Host")).isEqualTo(otherApp.entrance().getAuthority());
        }
    }

    @Test
    void givesEachRequestOfAKeptAliveConnectionItsOwnHostAndForwardedFields() throws IOException {
        try (AppBackend otherApp = new AppBackend(); RawHttp http = new RawHttp(fixture.port())) {
            fixture.decide(9, Decision.allowed(otherApp.entrance()));

            http.send(fixture.get("/orders/7/app/one", ""));
            RawHttp.Response first = http.read();
            http.send(fixture.get("/orders/9/app/two", ""));
            RawHttp.Response second = http.read();
            http.send("GET /orders/7/app/three HTTP/1.1\r\nHost: other.test\r\nCookie: grid=user-7\r\n\r\n");
            RawHttp.Response third = http.read();
            http.send("GET /orders/7/app/four HTTP/1.0\r\nConnection: keep-alive\r\nCookie: grid=user-7\r\n\r\n");
            RawHttp.Response fourth = http.read();

            assertThat(List.of(first.status(), second.status(), third.status(), fourth.status())).containsOnly(200);
            String app = fixture.app.entrance().getAuthority();
            assertThat(fixture.app.seen()).extracting(seen -> seen.rawPath() + " " + seen.header("Host") + " "
                            + seen.header("X-Forwarded-Host") + " " + seen.header("X-Forwarded-Prefix") + " "
                            + seen.header("X-Forwarded-For") + " " + seen.header("X-Forwarded-Proto"))
                    .containsExactly(
                            "/one " + app + " gateway.test /orders/7/app 127.0.0.1 http",
                            "/three " + app + " other.test /orders/7/app 127.0.0.1 http",
                            "/four " + app + " null /orders/7/app 127.0.0.1 http");
            assertThat(otherApp.last().header("Host")).isEqualTo(otherApp.entrance().getAuthority());
            assertThat(otherApp.last().header("X-Forwarded-Prefix")).isEqualTo("/orders/9/app");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.test\rX-Injected: 1", "gateway.test\u0000", "gateway\u000b.test"})
    void refusesAHostWithAControlCharacterBeforeAnythingIsForwarded(String host) throws IOException {
        // The client's Host goes upstream as X-Forwarded-Host from raw bytes: only the validating decoder stands
        // between a bare CR in it and a field the app would read as two.
        String request = "GET /orders/7/app/h HTTP/1.1\r\nHost: " + host + "\r\nCookie: grid=user-7\r\n\r\n";

        RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("\"reason\":\"MALFORMED_REQUEST\"");
        assertThat(fixture.app.seen()).isEmpty();
    }

    @Test
    void passesTheRequestBodyWithItsContentLength() throws IOException {
        String request = "POST /orders/7/app/form HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=user-7\r\n"
                + "Content-Length: 5\r\n\r\nhello";

        RawHttp.Response response = RawHttp.exchange(fixture.port(), request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(fixture.app.last().header("Content-Length")).isEqualTo("5");
        assertThat(fixture.app.last().header("Transfer-Encoding")).isNull();
        assertThat(fixture.app.last().bodyBytes()).isEqualTo(5);
    }
}
