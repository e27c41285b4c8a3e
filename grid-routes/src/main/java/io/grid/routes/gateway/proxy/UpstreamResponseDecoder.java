package io.grid.routes.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the responses of an entrance. A response that arrives whole in one read and is plain (HTTP/1.0 or
 * 1.1, a status from 200 to 599 other than 204 and 304, one Content-Length and exactly that many body bytes,
 * no Transfer-Encoding, a Connection header of only {@code keep-alive} or {@code close}, no Set-Cookie for
 * the gateway's cookie, and nothing but visible ASCII, spaces and tabs in the head, every line ending in
 * CRLF) becomes one {@link WholeResponse} whose head is copied for the client line by line, minus the
 * hop-by-hop headers. Anything else, or anything in doubt, goes to Netty's decoder unchanged (with its
 * header validation), and the proxy handles it as a decoded message, as before. The shortcut only ever
 * copies fewer headers than it reads; it never builds a header from the app's bytes.
 *
 * <p>It also replaces the request-method queue of {@code HttpClientCodec}: the proxy sends one request at
 * a time on a connection and says beforehand whether it is a HEAD, whose response has no body.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1_0 = "HTTP/1.0 ".getBytes(StandardCharsets.US_ASCII);
    /** RFC 9110 tchar. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TOKEN[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TOKEN[c] = true;
            TOKEN[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TOKEN[c] = true;
        }
    }

    private final byte[] cookieName;
    private final int maxHeadBytes;
    /** A copy of the bytes that may hold a response head: plain array reads instead of per-byte buffer checks. */
    private byte[] scratch = new byte[1024];
    private boolean headRequest;
    /** True while Netty's decoder is inside a response: every byte goes to it until that response ends. */
    private boolean decoding;
    /** What the first pass over the current head found ({@link #scanHeaders}); -1 when no Content-Length. */
    private long scannedLength;
    private boolean scannedClose;
    private boolean scannedKeepAlive;
    /** How many header lines the copy leaves out (Connection and other hop-by-hop fields). */
    private int scannedDropped;

    /**
     * @param cookieName    the gateway's cookie; a response setting it always takes the decoder's path
     * @param maxInitialLine the longest status line accepted
     * @param maxHeaderSize  the most header bytes accepted
     * @param maxChunkSize   the largest body part handed on at once
     */
    UpstreamResponseDecoder(String cookieName, int maxInitialLine, int maxHeaderSize, int maxChunkSize) {
        super(new HttpDecoderConfig().setMaxInitialLineLength(maxInitialLine).setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(maxChunkSize));
        this.cookieName = cookieName.getBytes(StandardCharsets.US_ASCII);
        this.maxHeadBytes = maxInitialLine + maxHeaderSize;
    }

    /** Announces the next request: true for a HEAD, whose response never has a body. */
    void expectResponseTo(boolean head) {
        this.headRequest = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (msg instanceof HttpResponse) {
            int code = ((HttpResponse) msg).status().code();
            if (code >= 200 && headRequest) {
                return true;
            }
        }
        return super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (!decoding && !headRequest) {
            WholeResponse whole = readWhole(ctx, buffer);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        decoding = true;
        int before = out.size();
        super.decode(ctx, buffer, out);
        if (out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent) {
            decoding = false;
        }
    }

    /** The response in {@code in} when it is whole and plain, its bytes consumed; otherwise null, nothing consumed. */
    private WholeResponse readWhole(ChannelHandlerContext ctx, ByteBuf in) {
        int readable = in.readableBytes();
        if (readable < 16) {
            return null;
        }
        int limit = Math.min(readable, maxHeadBytes);
        if (scratch.length < limit) {
            scratch = new byte[Math.max(limit, Math.min(maxHeadBytes, scratch.length * 2))];
        }
        byte[] b = scratch;
        in.getBytes(in.readerIndex(), b, 0, limit);
        if (!startsWith(b, HTTP_1_1) && !startsWith(b, HTTP_1_0)) {
            return null;
        }
        boolean http11 = b[7] == '1';
        int p = HTTP_1_1.length;
        int status = digit(b[p]) * 100 + digit(b[p + 1]) * 10 + digit(b[p + 2]);
        if (status < 200 || status > 599 || status == 204 || status == 304 || b[p + 3] != ' ') {
            return null;
        }
        int lineEnd = textEnd(b, p + 4, limit);
        if (lineEnd < 0) {
            return null;
        }
        int statusLineEnd = lineEnd + 2;
        int headEnd = scanHeaders(b, statusLineEnd, limit);
        if (headEnd < 0) {
            return null;
        }
        int bodyStart = headEnd + 2;
        long contentLength = scannedLength;
        if (contentLength < 0 || readable - bodyStart != contentLength) {
            return null;
        }
        ByteBuf head = copyHead(ctx, b, statusLineEnd, headEnd, limit);
        ByteBuf body = in.retainedSlice(in.readerIndex() + bodyStart, (int) contentLength);
        in.skipBytes(readable);
        boolean keepAlive = !scannedClose && (http11 || scannedKeepAlive);
        return new WholeResponse(status, keepAlive, head, body);
    }

    /**
     * The first pass: checks every header line and notes the framing and the connection's fate in the
     * {@code scanned*} fields.
     *
     * @return the index of the empty line that ends the head, or -1 when the response is not plain
     */
    private int scanHeaders(byte[] b, int statusLineEnd, int limit) {
        scannedLength = -1;
        scannedClose = false;
        scannedKeepAlive = false;
        scannedDropped = 0;
        int line = statusLineEnd;
        while (true) {
            if (line + 1 >= limit) {
                return -1;
            }
            if (b[line] == CR) {
                return b[line + 1] == LF ? line : -1;
            }
            int colon = nameEnd(b, line, limit);
            if (colon <= line) {
                return -1;
            }
            int valueEnd = textEnd(b, colon + 1, limit);
            if (valueEnd < 0) {
                return -1;
            }
            int first = skipSpaces(b, colon + 1, valueEnd);
            if (!scanHeader(kind(b, line, colon), b, first, trimEnd(b, first, valueEnd))) {
                return -1;
            }
            line = valueEnd + 2;
        }
    }

    /** Notes one header line of the first pass; false when the response must take the decoder's path. */
    private boolean scanHeader(Kind kind, byte[] b, int first, int last) {
        switch (kind) {
            case CONTENT_LENGTH -> {
                if (scannedLength >= 0) {
                    return false;
                }
                scannedLength = digits(b, first, last);
                return scannedLength >= 0;
            }
            case CONNECTION -> {
                if (equalsIgnoreCase(b, first, last, "close")) {
                    scannedClose = true;
                } else if (equalsIgnoreCase(b, first, last, "keep-alive")) {
                    scannedKeepAlive = true;
                } else {
                    // It may name other headers to drop: the decoder's path handles that.
                    return false;
                }
                scannedDropped++;
                return true;
            }
            case HOP_BY_HOP -> {
                scannedDropped++;
                return true;
            }
            case SET_COOKIE -> {
                return !setsGatewayCookie(b, first, last);
            }
            case FRAMING_OR_UNUSUAL -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** The second pass: the status line and the kept header lines, for the client. */
    private ByteBuf copyHead(ChannelHandlerContext ctx, byte[] b, int statusLineEnd, int headEnd, int limit) {
        int p = HTTP_1_1.length;
        ByteBuf head = ctx.alloc().buffer(headEnd + 2 + 32);
        head.writeBytes(HTTP_1_1);
        if (scannedDropped == 0) {
            head.writeBytes(b, p, headEnd - p);
            return head;
        }
        head.writeBytes(b, p, statusLineEnd - p);
        int line = statusLineEnd;
        while (b[line] != CR) {
            int colon = nameEnd(b, line, limit);
            int next = textEnd(b, colon + 1, limit) + 2;
            Kind kind = kind(b, line, colon);
            if (kind != Kind.CONNECTION && kind != Kind.HOP_BY_HOP) {
                head.writeBytes(b, line, next - line);
            }
            line = next;
        }
        return head;
    }

    private enum Kind { CONTENT_LENGTH, CONNECTION, HOP_BY_HOP, SET_COOKIE, FRAMING_OR_UNUSUAL, OTHER }

    private static Kind kind(byte[] b, int start, int end) {
        int length = end - start;
        switch (length) {
            case 2:
                return equalsIgnoreCase(b, start, end, "te") ? Kind.HOP_BY_HOP : Kind.OTHER;
            case 7:
                return equalsIgnoreCase(b, start, end, "trailer") || equalsIgnoreCase(b, start, end, "upgrade")
                        ? Kind.HOP_BY_HOP : Kind.OTHER;
            case 10:
                if (equalsIgnoreCase(b, start, end, "connection")) {
                    return Kind.CONNECTION;
                }
                if (equalsIgnoreCase(b, start, end, "keep-alive")) {
                    return Kind.HOP_BY_HOP;
                }
                if (equalsIgnoreCase(b, start, end, "set-cookie")) {
                    return Kind.SET_COOKIE;
                }
                break;
            case 14:
                if (equalsIgnoreCase(b, start, end, "content-length")) {
                    return Kind.CONTENT_LENGTH;
                }
                break;
            case 17:
                if (equalsIgnoreCase(b, start, end, "transfer-encoding")) {
                    return Kind.FRAMING_OR_UNUSUAL;
                }
                break;
            default:
                break;
        }
        return length >= 6 && equalsIgnoreCase(b, start, start + 6, "proxy-") ? Kind.HOP_BY_HOP : Kind.OTHER;
    }

    /** True when a browser could turn this Set-Cookie value into the gateway's cookie ({@link GatewayCookie#couldShadow}). */
    private boolean setsGatewayCookie(byte[] b, int first, int last) {
        return GatewayCookie.couldShadow(new String(b, first, last - first, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(cookieName, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The index of the colon after a header name of token characters starting at {@code start}, or -1. */
    private static int nameEnd(byte[] b, int start, int limit) {
        for (int i = start; i < limit; i++) {
            byte c = b[i];
            if (c == ':') {
                return i;
            }
            if (c < 0 || !TOKEN[c]) {
                return -1;
            }
        }
        return -1;
    }

    /** The index of the CR of the CRLF that ends text from {@code start}, or -1 for any other control byte. */
    private static int textEnd(byte[] b, int start, int limit) {
        for (int i = start; i < limit; i++) {
            byte c = b[i];
            if (c >= 0x20 && c < 0x7f || c == '\t') {
                continue;
            }
            return c == CR && i + 1 < limit && b[i + 1] == LF ? i : -1;
        }
        return -1;
    }

    private static int skipSpaces(byte[] b, int start, int end) {
        while (start < end && (b[start] == ' ' || b[start] == '\t')) {
            start++;
        }
        return start;
    }

    private static int trimEnd(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    /** The decimal number in {@code [start, end)}: 1 to 18 digits and nothing else, or -1. */
    private static long digits(byte[] b, int start, int end) {
        if (end <= start || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1000;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII case-insensitive comparison of {@code b[start, end)} with the lower-case {@code text}. */
    private static boolean equalsIgnoreCase(byte[] b, int start, int end, String text) {
        if (end - start != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            int c = b[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
