package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.routes.gateway.Eventually;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Paths of the proxy that drop messages instead of forwarding them, under {@link BufferLeakWatch}: a pipelined
 * request whose body waits in the proxy when its client leaves (its buffer must be released; the watch fails
 * the test otherwise, as checked by removing that release), and an interim response and trailers, which Netty
 * decodes without buffers of their own but which take the decoded path with a chunked body.
 */
class ProxyBufferReleaseTest extends ScriptedProxyTest {

    @Test
    void dropsAnInterimResponseAndTheTrailersOfAChunkedOneAndForwardsTheBody() throws IOException {
        serve(line -> new ScriptedApp.Answer("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 11\r\n\r\n", false));

        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send("GET /orders/5/app/x HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=any\r\n\r\n");
            RawHttp.Response response = http.read();
            http.send("GET /orders/5/app/y HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=any\r\n\r\n");
            RawHttp.Response next = http.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hello world");
            assertThat(next.text()).isEqualTo("hello world");
        }
        assertThat(app.connections()).isEqualTo(1);
    }

    @Test
    void releasesAQueuedPipelinedRequestWithItsBodyWhenTheClientLeaves() throws Exception {
        try (RawHttp http = new RawHttp(fixture.port())) {
            http.send(fixture.get("/orders/7/app/slow", "")
                    + "POST /orders/7/app/after HTTP/1.1\r\nHost: gateway.test\r\nCookie: grid=user-7\r\n"
                    + "Content-Length: 5\r\n\r\nhello");
            // The POST and its body wait in the proxy, unread by the app, behind the unanswered request.
            Eventually.await("the app saw the slow request", Duration.ofSeconds(10),
                    () -> fixture.app.seen().size() == 1);
        }

        assertThat(fixture.app.seen()).extracting(AppBackend.Seen::rawPath).containsExactly("/slow");
    }
}
