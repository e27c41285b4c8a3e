package io.grid.routes.gateway.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * How a client request may be framed (RFC 9112 sections 6.1 and 6.3, section 3.2 for Host), decided before anything
 * is forwarded: a message whose framing two servers could read differently is refused with 400 and the connection
 * closed, never forwarded with one reading chosen.
 * <ul>
 *   <li>Transfer-Encoding must be a list of codings (tokens) whose last is {@code chunked}, with {@code chunked} only
 *       there and not in an HTTP/1.0 request;</li>
 *   <li>a request carrying both Transfer-Encoding and Content-Length is refused;</li>
 *   <li>exactly one Host header at most.</li>
 * </ul>
 * A valid coding list ({@code gzip, chunked}) is forwarded as it came ({@link #codings}).
 */
final class RequestFraming {

    private static final String CHUNKED = "chunked";

    private RequestFraming() {
    }

    /**
     * @param message a decoded request head (from {@link Decoder}, which keeps Content-Length next to Transfer-Encoding)
     * @return why its framing is refused, or null when it is sound
     */
    static String refusal(HttpMessage message) {
        HttpHeaders headers = message.headers();
        if (headers.contains(HttpHeaderNames.HOST) && headers.getAll(HttpHeaderNames.HOST).size() > 1) {
            return "the request has more than one Host header";
        }
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "the request has both Transfer-Encoding and Content-Length";
        }
        if (HttpVersion.HTTP_1_0.equals(message.protocolVersion())) {
            return "an HTTP/1.0 request cannot carry Transfer-Encoding";
        }
        List<String> codings = codingList(headers);
        if (codings == null) {
            return "Transfer-Encoding is not a list of transfer codings";
        }
        if (codings.isEmpty() || !CHUNKED.equals(codings.get(codings.size() - 1))) {
            return "Transfer-Encoding must end in chunked";
        }
        if (codings.indexOf(CHUNKED) != codings.size() - 1) {
            return "Transfer-Encoding applies chunked more than once";
        }
        return null;
    }

    /** The request's transfer codings as one header value ({@code gzip, chunked}), for a request {@link #refusal} passed. */
    static String codings(HttpHeaders headers) {
        List<String> codings = codingList(headers);
        return codings == null ? CHUNKED : String.join(", ", codings);
    }

    /** The codings of every Transfer-Encoding header in order, lower-cased; null when one is not a token. */
    private static List<String> codingList(HttpHeaders headers) {
        List<String> codings = new java.util.ArrayList<>(2);
        for (String value : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String element : value.split(",", -1)) {
                String coding = element.trim();
                if (coding.isEmpty()) {
                    continue; // RFC 9110 section 5.6.1: empty list elements are ignored
                }
                // Parameters (";q=...") are not used with transfer codings a proxy forwards; a coding is a token.
                if (!isToken(coding)) {
                    return null;
                }
                codings.add(coding.toLowerCase(Locale.ROOT));
            }
        }
        return codings;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /**
     * Netty's request decoder, except that a request with both Transfer-Encoding: chunked and Content-Length keeps
     * both headers (Netty would drop Content-Length), so that {@link #refusal} sees it and refuses it.
     */
    static final class Decoder extends HttpRequestDecoder {

        Decoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            // Keep Content-Length: the exchange refuses the request (the body is still read as chunked, then dropped).
        }
    }
}
