package io.grid.routes.gateway.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers with whatever bytes a test scripts, so that it can misbehave in
 * ways a real server library refuses to: lie about Content-Length, stream forever, trickle bytes.
 * It counts every connection it accepts, so tests can prove that nothing connected at all.
 */
final class RawHttpServer implements AutoCloseable {

    /** What the server does with one accepted connection, after the request head was read. */
    @FunctionalInterface
    interface Script {
        void answer(InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon());
    private final AtomicInteger accepted = new AtomicInteger();

    RawHttpServer(String address, int port, Script script) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        connections.execute(() -> acceptLoop(script));
    }

    /** A server on 127.0.0.1 on a free port. */
    static RawHttpServer onLoopback(Script script) throws IOException {
        return new RawHttpServer("127.0.0.1", 0, script);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many connections were accepted so far. */
    int connections() {
        return accepted.get();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void acceptLoop(Script script) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            connections.execute(() -> converse(client, script));
        }
    }

    private static void converse(Socket client, Script script) {
        try (client) {
            InputStream in = client.getInputStream();
            readRequestHead(in);
            OutputStream out = client.getOutputStream();
            script.answer(in, out);
            out.flush();
        } catch (SocketException fetcherHungUp) {
            // The fetcher closing the connection mid-answer is what most scripts provoke on purpose.
        } catch (IOException e) {
            throw new IllegalStateException("raw server failed", e);
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.write(b);
        }
    }

    /** Writes {@code text} as ISO-8859-1 bytes, for status lines and headers. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "raw-http-server");
            thread.setDaemon(true);
            return thread;
        };
    }
}
