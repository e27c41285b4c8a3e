package io.grid.simulated;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedBackendTest {

    private SimulatedBackend backend;

    @BeforeEach
    void start() throws Exception {
        backend = SimulatedBackend.start("7", "grid-order-7", "web");
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void answersTwoRequestsOverOneKeptAliveConnection() throws Exception {
        URI uri = backend.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

            String first = exchange(out, in, "/first");
            String second = exchange(out, in, "/second");

            assertThat(first).contains("path: /first", "order: 7", "service: web");
            assertThat(second).containsIgnoringCase("X-Probe: kept-alive").contains("path: /second");
        }
    }

    @Test
    void streamsALargeBodyBackUnchanged() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'g');
        int chunks = 256; // 16 MiB
        HttpRequest request = HttpRequest.newBuilder(backend.uri().resolve("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatedStream(chunk, chunks)))
                .build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());

        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < chunks; i++) {
            sent.update(chunk);
        }
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = body.read(buffer)) > 0; size += n) {
                received.update(buffer, 0, n);
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("POST");
        assertThat(response.headers().firstValue("X-Grid-Order")).hasValue("7");
        assertThat(size).isEqualTo((long) chunk.length * chunks);
        assertThat(received.digest()).isEqualTo(sent.digest());
    }

    private static String exchange(OutputStream out, BufferedReader in, String path) throws Exception {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: app\r\nX-Probe: kept-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int length = -1;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }

    /** {@code count} copies of {@code chunk}, produced as read: the test never holds the whole body. */
    private static final class RepeatedStream extends InputStream {
        private final byte[] chunk;
        private int remaining;
        private int position;

        RepeatedStream(byte[] chunk, int count) {
            this.chunk = chunk;
            this.remaining = count;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, target, offset, n);
            position += n;
            if (position == chunk.length) {
                position = 0;
                remaining--;
            }
            return n;
        }
    }
}
