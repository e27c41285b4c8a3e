package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Problem;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the client gets when the app is down, slow, or sent too much. */
@ExtendWith(BufferLeakWatch.class)
class ProxyFailureTest {

    private static ProxySettings settings() {
        return ProxySettings.defaults(ProxyFixture.COOKIE)
                .withResponseTimeout(Duration.ofMillis(400))
                .withMaxRequestBodyBytes(1024);
    }

    @Test
    void answersBadGatewayFastWhenTheAppRefusesConnections() throws IOException {
        // Outside the ephemeral range: no other server takes it meanwhile, and no connection of ours starts from it.
        int closedPort = LoopbackPorts.free();
        try (ProxyFixture fixture = new ProxyFixture(settings())) {
            fixture.decide(20, Decision.allowed(URI.create("http://127.0.0.1:" + closedPort)));
            long start = System.nanoTime();

            RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get("/orders/20/app/", ""));

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.text()).contains("\"reason\":\"UPSTREAM_UNREACHABLE\"");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void answersGatewayTimeoutWhenTheAppIsSlow() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings())) {
            long start = System.nanoTime();

            RawHttp.Response response = RawHttp.exchange(fixture.port(), fixture.get("/orders/7/app/slow", ""));

            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.status()).isEqualTo(504);
            assertThat(response.text()).contains("\"reason\":\"UPSTREAM_TIMEOUT\"");
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void keepsServingTheClientAfterATimeout() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings()); RawHttp http = new RawHttp(fixture.port())) {
            http.send(fixture.get("/orders/7/app/slow", ""));
            RawHttp.Response timedOut = http.read();
            http.send(fixture.get("/orders/7/app/fast", ""));
            RawHttp.Response next = http.read();

            assertThat(timedOut.status()).isEqualTo(504);
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void refusesADeclaredBodyAboveTheCapBeforeReadingIt() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings()); RawHttp http = new RawHttp(fixture.port())) {
            http.send("POST /orders/7/app/upload HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=user-7\r\n"
                    + "Content-Length: 1025\r\n\r\n");

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.text()).contains("\"reason\":\"BODY_TOO_LARGE\"");
            assertThat(http.closedByServer()).isTrue();
            assertThat(fixture.app.seen()).isEmpty();
        }
    }

    @Test
    void refusesAStreamedBodyOnceItPassesTheCap() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings()); RawHttp http = new RawHttp(fixture.port())) {
            String chunk = "a".repeat(600);
            http.send("POST /orders/7/app/upload HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=user-7\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + "258\r\n" + chunk + "\r\n" + "258\r\n" + chunk + "\r\n");

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.text()).contains("\"reason\":\"BODY_TOO_LARGE\"");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void acceptsABodyExactlyAtTheCap() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings())) {
            String body = "b".repeat(1024);

            RawHttp.Response response = RawHttp.exchange(fixture.port(), "POST /orders/7/app/upload HTTP/1.1\r\n"
                    + "Host: gateway.test\r\nCookie: grid=user-7\r\nContent-Length: 1024\r\n\r\n" + body);

            assertThat(response.status()).isEqualTo(200);
            assertThat(fixture.app.last().bodyBytes()).isEqualTo(1024);
        }
    }

    @Test
    void answersContinueOnlyAfterTheAccessCheck() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings()); RawHttp http = new RawHttp(fixture.port())) {
            http.send("POST /orders/7/app/upload HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=forged\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 10\r\n\r\n");

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(401);
            assertThat(fixture.app.seen()).isEmpty();
        }
    }

    @Test
    void forwardsABodyAfterContinue() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings()); RawHttp http = new RawHttp(fixture.port())) {
            http.send("POST /orders/7/app/upload HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=user-7\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            http.send("hello".getBytes(StandardCharsets.US_ASCII));

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(fixture.app.last().bodyBytes()).isEqualTo(5);
            assertThat(fixture.app.last().header("Expect")).isNull();
        }
    }

    @Test
    void answersBadRequestToAMalformedRequest() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(settings())) {
            RawHttp.Response response = RawHttp.exchange(fixture.port(),
                    "GET /orders/7/app/ HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        }
    }
}
