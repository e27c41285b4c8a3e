package io.grid.routes.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Netty's request encoder plus the head fields the proxy itself forwards: {@code Host} (the entrance's) and the
 * {@code X-Forwarded-*} fields, written right after the request line from bytes a client connection makes once
 * (see {@link #fields}), instead of being set on every request's header map and encoded again. The client's own
 * fields of those names never reach this encoder: the exchange removes them first.
 */
final class ForwardingRequestEncoder extends HttpRequestEncoder {

    private final UpstreamConnection connection;

    ForwardingRequestEncoder(UpstreamConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void encodeInitialLine(ByteBuf buf, HttpRequest request) throws Exception {
        super.encodeInitialLine(buf, request);
        byte[] fields = connection.forwardedFields();
        if (fields != null) {
            buf.writeBytes(fields);
        }
    }

    /**
     * The forwarded fields of a request, each ending in CRLF. The values are the entrance's authority (parsed
     * by {@link Entrance}), the client's IP address, the client's Host value (validated by Netty's request
     * decoder; omitted when the client sent none), the path prefix the proxy removed (omitted when empty), and
     * whether the client came over TLS ({@code X-Forwarded-Proto: https}).
     */
    static byte[] fields(String authority, String clientAddress, String clientHost, String prefix, boolean secure) {
        StringBuilder fields = new StringBuilder(128)
                .append("host: ").append(authority).append("\r\n")
                .append("x-forwarded-for: ").append(clientAddress).append("\r\n")
                .append(secure ? "x-forwarded-proto: https\r\n" : "x-forwarded-proto: http\r\n");
        if (clientHost != null) {
            fields.append("x-forwarded-host: ").append(clientHost).append("\r\n");
        }
        if (!prefix.isEmpty()) {
            fields.append("x-forwarded-prefix: ").append(prefix).append("\r\n");
        }
        return fields.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
