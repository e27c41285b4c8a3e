package io.grid.routes.gateway.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A client that writes requests byte for byte, so tests can send what a browser never would
 * (spoofed Host, absolute URIs, raw dot segments, hop-by-hop headers), and reads one response at a time.
 */
final class RawHttp implements AutoCloseable {

    /** A response as it came over the wire. */
    record Response(int status, List<String[]> headers, byte[] body) {
        String header(String name) {
            List<String> all = headers(name);
            return all.isEmpty() ? null : all.get(0);
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    values.add(header[1]);
                }
            }
            return values;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Requests over a socket opened elsewhere (a TLS socket, for example). */
    RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code request} on a new connection and reads one response. */
    static Response exchange(int port, String request) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            http.send(request);
            return http.read();
        }
    }

    void send(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next final response (interim 1xx responses other than 101 are skipped). */
    Response read() throws IOException {
        while (true) {
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            List<String[]> headers = new ArrayList<>();
            String line;
            while (!(line = line()).isEmpty()) {
                int colon = line.indexOf(':');
                headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            Response head = new Response(status, headers, new byte[0]);
            return new Response(status, headers, status == 101 ? new byte[0] : body(head));
        }
    }

    /** Reads the head of the next response only: the answer to a HEAD request has no body to read. */
    Response readHead() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        List<String[]> headers = new ArrayList<>();
        String line;
        while (!(line = line()).isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, new byte[0]);
    }

    /** True when the server has closed the connection (end of stream within the socket timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private byte[] body(Response head) throws IOException {
        String encoding = head.header("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers are read and dropped
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                line();
            }
        }
        String length = head.header("Content-Length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        return in.readAllBytes();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
