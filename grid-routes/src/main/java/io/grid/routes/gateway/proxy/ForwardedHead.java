package io.grid.routes.gateway.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Objects;

/**
 * The head of an admitted request as it goes to the app: hop-by-hop and untrusted forwarding fields removed, the
 * request-target the app expects, HTTP/1.1, and this hop's chunked framing. Host and {@code X-Forwarded-*} are not
 * set on the header map: {@link ForwardingRequestEncoder} writes them from {@link #fields()}, bytes made once per
 * connection and again only when the entrance, the client's Host or the prefix change.
 * One instance per client connection, on its I/O thread.
 */
final class ForwardedHead {

    private static final AsciiString[] UNTRUSTED = {
        AsciiString.cached("forwarded"), AsciiString.cached("x-forwarded-for"),
        AsciiString.cached("x-forwarded-proto"), AsciiString.cached("x-forwarded-host"),
        AsciiString.cached("x-forwarded-prefix"), AsciiString.cached("x-forwarded-port"),
        AsciiString.cached("x-forwarded-server"), AsciiString.cached("x-real-ip")
    };

    private String clientAddress;
    /** True when the client reached the proxy over TLS: apps are told {@code X-Forwarded-Proto: https}. */
    private boolean secure;
    /** The Host and X-Forwarded-* fields of the current request, and what they were made from. */
    private byte[] fields;
    private Entrance fieldsEntrance;
    private String fieldsHost;
    private String fieldsPrefix;

    /** The client this connection serves: its IP address, and whether it came over TLS. */
    void client(String address, boolean overTls) {
        this.clientAddress = address;
        this.secure = overTls;
    }

    /**
     * Rewrites {@code request} for the app {@code forward} names.
     *
     * @param clientHost the client's Host value, or null
     * @param chunked    true when the request body comes chunked
     * @param hasBody    false to send head and (empty) end as one full request
     * @param webSocket  true for a WebSocket upgrade, whose Upgrade and Connection fields go on
     * @return the request to write upstream
     */
    HttpRequest rewrite(HttpRequest request, Admission.Forward forward, String clientHost, boolean chunked,
            boolean hasBody, boolean webSocket) {
        HttpHeaders headers = request.headers();
        // The codings go on as they came (gzip, chunked): only the chunked framing is this hop's.
        String transferCodings = chunked ? RequestFraming.codings(headers) : null;
        HopByHopHeaders.strip(headers, webSocket);
        for (AsciiString name : UNTRUSTED) {
            headers.remove(name);
        }
        headers.remove(HttpHeaderNames.HOST);
        makeFields(forward.entrance(), clientHost, forward.target().prefix());
        if (chunked) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, transferCodings);
        }
        // A Content-Length header passes as the decoder validated it: re-encoding it would cost a
        // string per request and change nothing.
        request.setUri(forward.target().upstreamUri());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        // Without a body, head and end go as one full request: one message for the encoder, one buffer.
        return hasBody ? request : new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE);
    }

    /** What {@link ForwardingRequestEncoder} writes after the request line of the current request. */
    byte[] fields() {
        return fields;
    }

    private void makeFields(Entrance entrance, String clientHost, String prefix) {
        if (fields == null || entrance != fieldsEntrance || !Objects.equals(clientHost, fieldsHost)
                || !prefix.equals(fieldsPrefix)) {
            fields = ForwardingRequestEncoder.fields(entrance.authority(), clientAddress, clientHost, prefix, secure);
            fieldsEntrance = entrance;
            fieldsHost = clientHost;
            fieldsPrefix = prefix;
        }
    }
}
