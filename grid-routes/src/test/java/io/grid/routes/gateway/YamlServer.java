package io.grid.routes.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A real HTTP server on 127.0.0.1 serving YAML documents a test puts there, as a user's web server would. */
final class YamlServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();

    private YamlServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::answer);
        server.start();
    }

    static YamlServer start() {
        try {
            return new YamlServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code text} at {@code /name}; returns the URL. */
    String serve(String name, String text) {
        documents.put("/" + name, text.getBytes(StandardCharsets.UTF_8));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = documents.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/yaml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
