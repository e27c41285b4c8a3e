package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Problem;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request framing to RFC 9112 and upstream cookies to RFC 6265bis: a request two servers could frame differently
 * is refused with 400 and the connection closed, never forwarded; a valid coding list reaches the app intact; an
 * upstream Set-Cookie a browser could fold into the gateway's cookie is dropped. Each class of input comes in
 * several spellings.
 */
class ProxyFramingTest extends ScriptedProxyTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static String head(String extraHeaders) {
        return "POST /orders/5/app/upload HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=any\r\n" + extraHeaders + "\r\n";
    }

    private void assertRefusedAndClosed(String request) throws IOException {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(request);

            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.text()).containsAnyOf("\"reason\":\"BAD_FRAMING\"", "\"reason\":\"MALFORMED_REQUEST\"");
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(app.requestLines()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"xchunked", "chunked, gzip", "gzip", "chunked;q=1", "chunked, chunked", "identity",
        "chunked x", "\"chunked\"", "chunked\u000b", "gzip,\tchunked2"})
    void refusesATransferEncodingThatDoesNotEndInChunked(String codings) throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, false));

        assertRefusedAndClosed(head("Transfer-Encoding: " + codings + "\r\n") + "5\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void refusesTwoTransferEncodingHeadersWhoseListDoesNotEndInChunked() throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, false));

        assertRefusedAndClosed(head("Transfer-Encoding: chunked\r\nTransfer-Encoding: xchunked\r\n")
                + "0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\nContent-Length: 0\r\n",
        "Content-Length: 5\r\nTransfer-Encoding: xchunked\r\n", "transfer-encoding: CHUNKED\r\ncontent-length: 5\r\n"})
    void refusesTransferEncodingTogetherWithContentLength(String framing) throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, false));

        assertRefusedAndClosed(head(framing) + "5\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void refusesTransferEncodingInAnHttp10Request() throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, false));

        assertRefusedAndClosed("POST /orders/5/app/upload HTTP/1.0\r\nHost: gateway.test\r\nCookie: grid=any\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: other.test\r\n", "host: gateway.test\r\n", "HOST: \r\n"})
    void refusesTwoHostHeaders(String second) throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, false));

        assertRefusedAndClosed("GET /orders/5/app/x HTTP/1.1\r\nHost: gateway.test\r\n" + second
                + "Cookie: grid=any\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "gzip,chunked", "GZIP , Chunked", "deflate, gzip, chunked"})
    void forwardsAValidCodingListWithItsCodingsIntact(String codings) throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, true));

        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(head("Transfer-Encoding: " + codings + "\r\n") + "0\r\n\r\n");
            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(200);
        }
        String forwarded = app.heads().get(0).toLowerCase(java.util.Locale.ROOT);
        String expected = String.join(", ", java.util.Arrays.stream(codings.split(",")).map(String::trim)
                .map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList());
        assertThat(forwarded).contains("\r\ntransfer-encoding: " + expected + "\r\n").doesNotContain("content-length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GRID=forged; Path=/", "Grid=forged", "=grid=forged; Path=/", "  =grid=forged",
        "grid", "__Host-grid=forged; Secure; Path=/", "__Secure-grid=forged; Secure", "__host-GRID=forged; Secure; Path=/",
        "__SECURE-grid=forged", " grid =forged", "=forged"})
    void dropsAnUpstreamSetCookieABrowserCouldFoldIntoTheGatewayCookie(String setCookie) throws IOException {
        serve(line -> new ScriptedApp.Answer("HTTP/1.1 200 OK\r\nSet-Cookie: " + setCookie + "\r\n"
                + "Set-Cookie: app=kept\r\nSet-Cookie: gridiron=kept-too\r\nContent-Length: 2\r\n\r\nok", false));

        RawHttp.Response response = RawHttp.exchange(fixture.port(),
                "GET /orders/5/app/x HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=any\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie")).containsExactly("app=kept", "gridiron=kept-too");
    }

    @Test
    void answersAnOversizedBodyWith413Problem() throws IOException {
        serve(line -> new ScriptedApp.Answer(OK, false));

        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(head("Content-Length: " + Long.MAX_VALUE + "\r\n"));
            RawHttp.Response response = http.read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(response.text()).contains("\"reason\":\"BODY_TOO_LARGE\"");
        }
    }
}
