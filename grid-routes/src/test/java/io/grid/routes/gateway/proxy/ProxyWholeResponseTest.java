package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Responses that reach the proxy whole, in one read, take the shortcut past Netty's decoder and encoder
 * (see {@link UpstreamResponseDecoder}); every rule of the decoded path still holds for them.
 */
class ProxyWholeResponseTest extends ScriptedProxyTest {

    private static final String PLAIN = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";

    private String get(String method, String path, String version, String extraHeaders) {
        return method + " /orders/5/app" + path + " " + version + "\r\nHost: gateway.test\r\nCookie: grid=any\r\n"
                + extraHeaders + "\r\n";
    }

    @Test
    void dropsHopByHopHeadersAndKeepsTheBodyOfAWholeResponse() throws IOException {
        serve(line -> new ScriptedApp.Answer("HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\n"
                + "Trailer: X-Sum\r\nUpgrade: h2c\r\nTE: trailers\r\nConnection: keep-alive\r\nSet-Cookie: app=kept\r\n"
                + "X-App: end-to-end\r\nContent-Length: 5\r\n\r\nhello", false));

        RawHttp.Response response = RawHttp.exchange(fixture.port(), get("GET", "/x", "HTTP/1.1", ""));

        assertThat(response.status()).isEqualTo(200);
        for (String name : new String[] {"Keep-Alive", "Proxy-Authenticate", "Trailer", "Upgrade", "TE", "Connection"}) {
            assertThat(response.header(name)).as(name).isNull();
        }
        assertThat(response.headers("Set-Cookie")).containsExactly("app=kept");
        assertThat(response.header("X-App")).isEqualTo("end-to-end");
        assertThat(response.text()).isEqualTo("hello");
    }

    @Test
    void dropsTheAppsSetCookieForTheGatewayCookieEvenInAWholeResponse() throws IOException {
        serve(line -> new ScriptedApp.Answer("HTTP/1.1 200 OK\r\nSet-Cookie: grid=forged; Path=/\r\n"
                + "Set-Cookie: app=kept\r\nContent-Length: 2\r\n\r\nok", false));

        RawHttp.Response response = RawHttp.exchange(fixture.port(), get("GET", "/x", "HTTP/1.1", ""));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie")).containsExactly("app=kept");
        assertThat(response.text()).isEqualTo("ok");
    }

    @Test
    void servesManyRequestsOverOneKeptAliveUpstreamConnection() throws IOException {
        serve(line -> new ScriptedApp.Answer(PLAIN, false));

        try (RawHttp http = new RawHttp(fixture.port())) {
            for (int i = 0; i < 20; i++) {
                http.send(get("GET", "/n" + i, "HTTP/1.1", ""));
                RawHttp.Response response = http.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("hello");
                assertThat(response.header("Connection")).isNull();
            }
        }

        assertThat(app.requestLines()).hasSize(20);
        assertThat(app.connections()).isEqualTo(1);
    }

    @Test
    void neverReusesAConnectionTheAppSaidItWouldClose() throws IOException {
        serve(line -> new ScriptedApp.Answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
                true));

        try (RawHttp http = new RawHttp(fixture.port())) {
            for (int i = 0; i < 3; i++) {
                http.send(get("GET", "/c" + i, "HTTP/1.1", ""));
                RawHttp.Response response = http.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("ok");
                // The app's connection ends, the client's does not.
                assertThat(response.header("Connection")).isNull();
            }
        }

        assertThat(app.connections()).isEqualTo(3);
    }

    @Test
    void tellsAnHttp10ClientThatItsConnectionIsKept() throws IOException {
        serve(line -> new ScriptedApp.Answer(PLAIN, false));

        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(get("GET", "/old", "HTTP/1.0", "Connection: keep-alive\r\n"));
            RawHttp.Response first = http.read();
            http.send(get("GET", "/old-again", "HTTP/1.0", "Connection: keep-alive\r\n"));
            RawHttp.Response second = http.read();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(first.header("Content-Length")).isEqualTo("5");
            assertThat(second.text()).isEqualTo("hello");
        }
    }

    @Test
    void closesTheClientConnectionAfterAWholeResponseWhenAsked() throws IOException {
        serve(line -> new ScriptedApp.Answer(PLAIN, false));

        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(get("GET", "/bye", "HTTP/1.1", "Connection: close\r\n"));
            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(response.text()).isEqualTo("hello");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void answersAHeadWithoutABodyAndThenServesTheNextRequest() throws IOException {
        serve(line -> new ScriptedApp.Answer(line.startsWith("HEAD ")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" : PLAIN, false));

        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(get("HEAD", "/h", "HTTP/1.1", ""));
            RawHttp.Response head = http.readHead();
            http.send(get("GET", "/g", "HTTP/1.1", ""));
            RawHttp.Response next = http.read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("5");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.text()).isEqualTo("hello");
        }
        assertThat(app.connections()).isEqualTo(1);
    }

    @Test
    void answersARefusedHeadWithoutItsProblemBody() throws IOException {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send("HEAD /orders/7/app/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n");
            RawHttp.Response refused = http.readHead();
            http.send(fixture.get("/orders/7/app/after", ""));
            RawHttp.Response next = http.read();

            assertThat(refused.status()).isEqualTo(401);
            assertThat(next.status()).isEqualTo(200);
        }
    }
}
