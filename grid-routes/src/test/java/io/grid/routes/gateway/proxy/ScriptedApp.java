package io.grid.routes.gateway.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app on loopback that answers every request with bytes chosen by the test, written in one piece, so
 * that the proxy reads each response whole. It reads request heads only (the tests send no bodies).
 */
final class ScriptedApp implements AutoCloseable {

    /** What the app sends for one request, and whether it closes the connection afterwards. */
    record Answer(String bytes, boolean close) {
    }

    /** Chooses the answer from the request line ({@code GET /path HTTP/1.1}). */
    @FunctionalInterface
    interface Script {
        Answer answer(String requestLine);
    }

    private final ServerSocket server;
    private final Script script;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    ScriptedApp(Script script) throws IOException {
        this.script = script;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    URI entrance() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many connections the proxy opened to this app. */
    int connections() {
        return connections.get();
    }

    List<String> requestLines() {
        return requestLines;
    }

    /** The whole request heads received, request line and headers, in order. */
    List<String> heads() {
        return heads;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                // The server socket was closed by close(): stop accepting.
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            String head;
            while ((head = readHead(in)) != null) {
                String requestLine = head.substring(0, head.indexOf('\r'));
                heads.add(head);
                requestLines.add(requestLine);
                Answer answer = script.answer(requestLine);
                out.write(answer.bytes().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.close()) {
                    return;
                }
            }
        } catch (SocketException e) {
            // The proxy closed the connection: nothing more to serve on it.
        } catch (IOException e) {
            throw new IllegalStateException("scripted app failed", e);
        }
    }

    /** Reads one request head and returns it, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
