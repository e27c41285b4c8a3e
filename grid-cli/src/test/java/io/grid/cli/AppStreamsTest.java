package io.grid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grid.client.GatewayClient;
import io.grid.client.GridProblemException;
import io.grid.client.GridUnavailableException;
import io.grid.client.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code grid app logs | events}: a followed stream that drops (a real HTTP answer cut short on loopback) is
 * opened again from where it was without printing a line twice, politely and not for ever; a typed refusal
 * is no reason to try again and is printed with its advice.
 */
class AppStreamsTest {

    private static final Session SESSION = new Session(BigInteger.valueOf(7), "token", Instant.now().plusSeconds(600));

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private AppStreams.Pause realPause;

    @BeforeEach
    void start() throws IOException {
        realPause = AppStreams.pause;
        AppStreams.pause = pauses::add;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stop() {
        AppStreams.pause = realPause;
        server.stop(0);
    }

    private GatewayClient gateway() {
        return GatewayClient.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    private static void answer(HttpExchange exchange, int status, String type, String body, long declaredLength)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, declaredLength);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // fewer bytes than declared: the connection is cut, as a dropped stream is
        }
    }

    @Test
    void aDroppedLogStreamIsOpenedAgainFromWhereItWasWithoutRepeatingLines() throws Exception {
        server.createContext("/gateway/orders/7/app/logs", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            if (calls.incrementAndGet() == 1) {
                // Declares more than it sends, then closes: the client sees the stream drop mid-way.
                answer(exchange, 200, "text/plain", "web-0/web one\nweb-0/web two\n", 10_000);
            } else {
                answer(exchange, 200, "text/plain", "web-0/web two\nweb-0/web three\n", 0);
            }
            exchange.close();
        });
        List<String> printed = new CopyOnWriteArrayList<>();
        StringWriter err = new StringWriter();

        AppStreams.logs(gateway(), SESSION, "web", 5, null, true, printed::add, new PrintWriter(err, true));

        assertThat(printed).containsExactly("web-0/web one", "web-0/web two", "web-0/web three");
        assertThat(err.toString()).contains("the stream dropped").contains("attempt 1 of 5");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
        assertThat(queries.get(0)).isEqualTo("container=web&tail=5&follow=true");
        assertThat(queries.get(1)).startsWith("container=web&since=").endsWith("&follow=true").doesNotContain("tail");
    }

    @Test
    void aStreamThatKeepsDroppingIsGivenUpAfterFiveAttemptsWaitingLongerEachTime() {
        server.createContext("/gateway/orders/7/app/logs", exchange -> {
            calls.incrementAndGet();
            answer(exchange, 200, "text/plain", "", 10_000);
            exchange.close();
        });

        assertThatThrownBy(() -> AppStreams.logs(gateway(), SESSION, null, null, null, true, line -> { },
                new PrintWriter(new StringWriter(), true)))
                .isInstanceOf(GridUnavailableException.class).hasMessageContaining("gave up after 5 attempts");
        assertThat(calls.get()).isEqualTo(6);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16));
    }

    @Test
    void aTypedRefusalIsNotTriedAgainAndIsPrintedWithItsAdvice() {
        server.createContext("/gateway/orders/7/app/logs", exchange -> {
            calls.incrementAndGet();
            String problem = "{\"title\":\"Conflict\",\"status\":409,\"reason\":\"CONTAINER_NOT_STARTED\","
                    + "\"detail\":\"no log yet: web-0/web is waiting (ErrImagePull: not found)\"}";
            answer(exchange, 409, "application/problem+json", problem, problem.getBytes(StandardCharsets.UTF_8).length);
            exchange.close();
        });
        StringWriter err = new StringWriter();

        GridProblemException refused = org.junit.jupiter.api.Assertions.assertThrows(GridProblemException.class,
                () -> AppStreams.logs(gateway(), SESSION, "web", null, null, true, line -> { },
                        new PrintWriter(err, true)));
        int exit = Failures.report(refused, new Output(new PrintWriter(new StringWriter()), false),
                new PrintWriter(err, true));

        assertThat(calls.get()).isEqualTo(1);
        assertThat(exit).isEqualTo(Failures.REFUSED);
        assertThat(err.toString()).contains("refused (409 CONTAINER_NOT_STARTED)").contains("ErrImagePull")
                .contains("'grid app events ORDER' says what it waits for");
    }

    @Test
    void anEventWithATypedFailureIsPrintedWithTheFailureAndWhatToDo() throws Exception {
        var event = new ObjectMapper().readTree("{\"time\":\"2026-12-06T14:00:00Z\",\"type\":\"Warning\","
                + "\"reason\":\"Failed\",\"object\":\"Pod/web-0\",\"message\":\"Failed to pull image x:1\","
                + "\"failure\":\"IMAGE_PULL_FAILED\"}");

        assertThat(AppStreams.describe(event)).containsExactly(
                "2026-12-06T14:00:00Z Warning Failed Pod/web-0: Failed to pull image x:1",
                "  failure IMAGE_PULL_FAILED: the cluster cannot pull the image: check its name and tag, and that it "
                        + "is public; then deploy again");
        assertThat(AppStreams.events("[{\"reason\":\"a\"},{\"reason\":\"b\"}]")).hasSize(2);
    }
}
