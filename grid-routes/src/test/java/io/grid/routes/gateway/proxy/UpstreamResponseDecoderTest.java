package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upstream decoder's shortcut: a whole, plain response becomes one {@link WholeResponse} with the
 * hop-by-hop headers dropped; anything unusual goes to Netty's decoder untouched.
 */
@ExtendWith(BufferLeakWatch.class)
class UpstreamResponseDecoderTest {

    private final UpstreamResponseDecoder decoder = new UpstreamResponseDecoder("grid", 4096, 16 * 1024, 64 * 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);
    private final List<Object> read = new ArrayList<>();

    @AfterEach
    void release() {
        read.forEach(ReferenceCountUtil::release);
        channel.finishAndReleaseAll();
    }

    @Test
    void readsAWholePlainResponseAndDropsTheHopByHopHeaders() {
        WholeResponse whole = whole("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nKeep-Alive: timeout=5\r\n"
                + "Proxy-Authenticate: Basic\r\nTE: trailers\r\nTrailer: X-Sum\r\nUpgrade: h2c\r\n"
                + "Connection: keep-alive\r\nSet-Cookie: app=kept\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.keepAlive()).isTrue();
        assertThat(text(whole.head())).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: app=kept\r\nContent-Length: 5\r\n");
        assertThat(text(whole.body())).isEqualTo("hello");
    }

    @Test
    void keepsTheHeadAsSentWhenNothingIsDropped() {
        WholeResponse whole = whole("HTTP/1.1 404 Not Found\r\nX-App: 1\r\ncontent-length:  0 \r\n\r\n");

        assertThat(whole.status()).isEqualTo(404);
        assertThat(text(whole.head())).isEqualTo("HTTP/1.1 404 Not Found\r\nX-App: 1\r\ncontent-length:  0 \r\n");
        assertThat(whole.body().readableBytes()).isZero();
    }

    @Test
    void rewritesAnHttp10StatusLineAndKeepsItsConnectionOnlyWhenAsked() {
        WholeResponse closing = whole("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx");
        assertThat(text(closing.head())).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n");
        assertThat(closing.keepAlive()).isFalse();

        WholeResponse kept = whole("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx");
        assertThat(kept.keepAlive()).isTrue();
        assertThat(text(kept.head())).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n");
    }

    @Test
    void marksAConnectionTheAppClosesAsNotReusable() {
        WholeResponse whole = whole("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx");

        assertThat(whole.keepAlive()).isFalse();
        assertThat(text(whole.head())).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Connection naming another header, which must then be dropped too.
        "HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nX-Secret: 1\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
        // The app setting the gateway's own cookie.
        "HTTP/1.1 200 OK\r\nSet-Cookie: grid=forged; Path=/\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nSet-Cookie:  grid =forged\r\nContent-Length: 1\r\n\r\nx",
        // No length: the body ends when the app closes.
        "HTTP/1.1 200 OK\r\nX-App: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nx",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxy",
        "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 199 Odd\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n",
        "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
        "\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        // Line folding, bare LF, control and non-ASCII bytes, a space before the colon.
        "HTTP/1.1 200 OK\r\nX-App: 1\r\n folded\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
        "HTTP/1.1 200 OK\r\nX-App: a\rb\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-App: a\u0001b\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-App: caf\u00e9\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-App : 1\r\nContent-Length: 0\r\n\r\n",
    })
    void leavesEverythingUnusualToNettysDecoder(String response) {
        channel.writeInbound(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1));

        drain();
        assertThat(read).noneMatch(WholeResponse.class::isInstance);
        assertThat(read).isNotEmpty();
        assertThat(read.get(0)).isInstanceOf(HttpResponse.class);
    }

    @Test
    void decodesAResponseSplitOverTwoReadsThenTakesTheShortcutAgain() {
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe"));
        channel.writeInbound(ascii("llo"));
        drain();
        assertThat(read.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(read.get(read.size() - 1)).isInstanceOf(LastHttpContent.class);
        StringBuilder body = new StringBuilder();
        read.stream().filter(HttpContent.class::isInstance)
                .forEach(part -> body.append(text(((HttpContent) part).content())));
        assertThat(body).hasToString("hello");

        WholeResponse next = whole("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(text(next.body())).isEqualTo("ok");
    }

    @Test
    void readsTheResponseToAHeadWithoutABodyDespiteItsContentLength() {
        decoder.expectResponseTo(true);
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
        drain();

        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isInstanceOf(HttpResponse.class);
        assertThat(((LastHttpContent) read.get(1)).content().readableBytes()).isZero();

        decoder.expectResponseTo(false);
        assertThat(text(whole("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").body())).isEqualTo("ok");
    }

    @Test
    void refusesAHeadLargerThanTheLimitsOnBothPaths() {
        String big = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(20 * 1024) + "\r\nContent-Length: 0\r\n\r\n";
        channel.writeInbound(ascii(big));
        drain();

        assertThat(read).noneMatch(WholeResponse.class::isInstance);
        assertThat(((HttpResponse) read.get(0)).decoderResult().isFailure()).isTrue();
    }

    private WholeResponse whole(String response) {
        int before = read.size();
        channel.writeInbound(ascii(response));
        drain();
        assertThat(read).hasSize(before + 1);
        assertThat(read.get(before)).isInstanceOf(WholeResponse.class);
        return (WholeResponse) read.get(before);
    }

    private void drain() {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            read.add(msg);
        }
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static String text(ByteBuf bytes) {
        return bytes.toString(bytes.readerIndex(), bytes.readableBytes(), StandardCharsets.ISO_8859_1);
    }
}
