package io.grid.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * SIMULATED: the app behind one Service of the simulated cluster, a real HTTP/1.1 server on
 * 127.0.0.1 so that the gateway's proxy runs over real sockets. Keeps connections alive.
 *
 * <p>Every answer carries the headers {@code X-Grid-Order}, {@code X-Grid-Service},
 * {@code X-Echo-Method} and {@code X-Echo-Path}. A request with a body gets that body back unchanged
 * (any size, bounded memory, with its Content-Length); a request without one gets a plain-text summary:
 * order, service, method, path (with query) and every request header, one per line.
 */
public final class SimulatedBackend implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Bodies up to this size are echoed from memory, larger ones from a temporary file. */
    static final int IN_MEMORY_BODY = 1024 * 1024;

    private final String orderId;
    private final String namespace;
    private final String service;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Consumer<String> accessLog;

    private SimulatedBackend(String orderId, String namespace, String service, Consumer<String> accessLog)
            throws IOException {
        this.accessLog = accessLog;
        this.orderId = orderId;
        this.namespace = namespace;
        this.service = service;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "simulated-backend-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Starts the backend of {@code service} in {@code namespace}, for the order {@code orderId}. */
    public static SimulatedBackend start(String orderId, String namespace, String service) throws IOException {
        return new SimulatedBackend(orderId, namespace, service, line -> { });
    }

    /**
     * Like {@link #start(String, String, String)}, and writes one access-log line per answered request
     * to {@code accessLog} (what the simulated kubelet serves as the container's log).
     */
    public static SimulatedBackend start(String orderId, String namespace, String service, Consumer<String> accessLog)
            throws IOException {
        return new SimulatedBackend(orderId, namespace, service, accessLog);
    }

    /** Where it listens: {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The namespace of its Service. */
    public String namespace() {
        return namespace;
    }

    /** The name of its Service. */
    public String service() {
        return service;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            respond(exchange);
        } finally {
            accessLog.accept(exchange.getRemoteAddress().getAddress().getHostAddress() + " - - \"" + exchange.getRequestMethod()
                    + " " + exchange.getRequestURI() + " " + exchange.getProtocol() + "\" " + exchange.getResponseCode());
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.add("X-Grid-Order", orderId);
            headers.add("X-Grid-Service", service);
            headers.add("X-Echo-Method", exchange.getRequestMethod());
            headers.add("X-Echo-Path", exchange.getRequestURI().toString());
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (hasBody(exchange)) {
                echo(exchange);
                return;
            }
            byte[] summary = summary(exchange).getBytes(StandardCharsets.UTF_8);
            headers.add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, summary.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(summary);
            }
        }
    }

    /**
     * Echoes the body with its length. The body is read completely first, because HTTP/1.1 clients
     * (the JDK's among them) read the answer only after sending the request: echoing while reading
     * would fill both socket buffers and stall. Above {@link #IN_MEMORY_BODY} bytes it is spooled to
     * a temporary file, so memory stays bounded whatever the size.
     */
    private static void echo(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        exchange.getResponseHeaders().add("Content-Type", type == null ? "application/octet-stream" : type);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        Path spool = null;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            int n;
            while (head.size() <= IN_MEMORY_BODY && (n = in.read(buffer)) > 0) {
                head.write(buffer, 0, n);
            }
            if (head.size() > IN_MEMORY_BODY) {
                spool = Files.createTempFile("grid-simulated-backend-", ".body");
                try (OutputStream file = Files.newOutputStream(spool)) {
                    head.writeTo(file);
                    in.transferTo(file);
                }
            }
            long length = spool == null ? head.size() : Files.size(spool);
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (spool == null) {
                    head.writeTo(out);
                } else {
                    Files.copy(spool, out);
                }
            }
        } finally {
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        }
    }

    private static boolean hasBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        String encoding = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
        return (length != null && !"0".equals(length.trim())) || (encoding != null && encoding.toLowerCase().contains("chunked"));
    }

    private String summary(HttpExchange exchange) {
        StringBuilder text = new StringBuilder()
                .append("order: ").append(orderId).append('\n')
                .append("service: ").append(service).append('\n')
                .append("method: ").append(exchange.getRequestMethod()).append('\n')
                .append("path: ").append(exchange.getRequestURI()).append('\n')
                .append("headers:\n");
        Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(exchange.getRequestHeaders());
        sorted.forEach((name, values) -> values.forEach(v -> text.append("  ").append(name).append(": ").append(v).append('\n')));
        return text.toString();
    }

    /** Stops listening and closes its connections. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
