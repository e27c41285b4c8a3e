package io.grid.routes.gateway.proxy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP app on loopback standing in for an order's workload: it records what reaches it.
 * Paths: {@code /slow} answers only when closed, {@code /download?bytes=N} streams N pattern bytes,
 * {@code /hop-by-hop} answers with connection-level headers and cookies, anything else echoes a digest.
 */
final class AppBackend implements AutoCloseable {

    /** One request as the app saw it. */
    record Seen(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, long bodyBytes,
                String bodySha256) {
        /** The values of header {@code name} joined by commas, or null when absent. */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(",", values);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);

    AppBackend() throws IOException {
        this(0);
    }

    /** An app on loopback port {@code port} (0 for any free port). */
    AppBackend(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI entrance() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Seen> seen() {
        return seen;
    }

    Seen last() {
        return seen.get(seen.size() - 1);
    }

    int connections() {
        return connections.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        connections.add(exchange.getRemoteAddress());
        URI uri = exchange.getRequestURI();
        PatternBytes.Digest digest = PatternBytes.digest(exchange.getRequestBody());
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        seen.add(new Seen(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, digest.bytes(),
                digest.sha256()));
        String path = uri.getRawPath();
        if (path.equals("/slow")) {
            awaitClose();
            exchange.close();
            return;
        }
        if (path.equals("/download")) {
            long bytes = Long.parseLong(uri.getRawQuery().substring("bytes=".length()));
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody(); InputStream in = PatternBytes.stream(bytes)) {
                in.transferTo(out);
            }
            return;
        }
        if (path.equals("/hop-by-hop")) {
            Headers out = exchange.getResponseHeaders();
            out.add("Connection", "X-Secret");
            out.add("X-Secret", "connection-level");
            out.add("Keep-Alive", "timeout=5");
            out.add("Proxy-Authenticate", "Basic");
            out.add("Trailer", "X-Checksum");
            out.add("Upgrade", "h2c");//X
            out.add("Set-Cookie", "grid=forged; Path=/");
            out.add("Set-Cookie", "app=kept; Path=/");
            out.add("X-App", "end-to-end");
        }
        byte[] body = ("bytes=" + digest.bytes() + " sha256=" + digest.sha256()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
