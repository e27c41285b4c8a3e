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
    private boolean headRequest;
    /** True while Netty's decoder is inside a response: every byte goes to it until that response ends. */
    private boolean decoding;

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
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (end - start < 16 || !startsWith(in, start, HTTP_1_1) && !startsWith(in, start, HTTP_1_0)) {
            return null;
        }
        boolean http11 = in.getByte(start + 7) == '1';
        int p = start + HTTP_1_1.length;
        int status = digit(in, p) * 100 + digit(in, p + 1) * 10 + digit(in, p + 2);
        if (status < 200 || status > 599 || status == 204 || status == 304 || in.getByte(p + 3) != ' ') {
            return null;
        }
        int lineEnd = textEnd(in, p + 4, Math.min(end, start + maxHeadBytes));
        if (lineEnd < 0) {
            return null;
        }
        int statusLineEnd = lineEnd + 2;
        // First pass: check every header line, find the framing and the connection's fate.
        long contentLength = -1;
        boolean close = false;
        boolean keepAliveAsked = false;
        int dropped = 0;
        int line = statusLineEnd;
        int limit = Math.min(end, start + maxHeadBytes);
        while (true) {
            if (line + 1 >= limit) {
                return null;
            }
            if (in.getByte(line) == CR) {
                if (in.getByte(line + 1) != LF) {
                    return null;
                }
                break;
            }
            int colon = nameEnd(in, line, limit);
            if (colon <= line) {
                return null;
            }
            int valueEnd = textEnd(in, colon + 1, limit);
            if (valueEnd < 0) {
                return null;
            }
            int first = skipSpaces(in, colon + 1, valueEnd);
            int last = trimEnd(in, first, valueEnd);
            switch (kind(in, line, colon)) {
                case CONTENT_LENGTH -> {
                    if (contentLength >= 0) {
                        return null;
                    }
                    contentLength = digits(in, first, last);
                    if (contentLength < 0) {
                        return null;
                    }
                }
                case CONNECTION -> {
                    if (equalsIgnoreCase(in, first, last, "close")) {
                        close = true;
                    } else if (equalsIgnoreCase(in, first, last, "keep-alive")) {
                        keepAliveAsked = true;
                    } else {
                        // It may name other headers to drop: the decoder's path handles that.
                        return null;
                    }
                    dropped++;
                }
                case HOP_BY_HOP -> dropped++;
                case SET_COOKIE -> {
                    if (setsGatewayCookie(in, first, last)) {
                        return null;
                    }
                }
                case FRAMING_OR_UNUSUAL -> {
                    return null;
                }
                default -> {
                }
            }
            line = valueEnd + 2;
        }
        int bodyStart = line + 2;
        if (contentLength < 0 || end - bodyStart != contentLength) {
            return null;
        }
        // Second pass: copy the status line and the kept header lines.
        ByteBuf head = ctx.alloc().buffer(bodyStart - start + 32);
        head.writeBytes(HTTP_1_1);
        head.writeBytes(in, start + HTTP_1_1.length, statusLineEnd - start - HTTP_1_1.length);
        if (dropped == 0) {
            head.writeBytes(in, statusLineEnd, line - statusLineEnd);
        } else {
            line = statusLineEnd;
            while (in.getByte(line) != CR) {
                int colon = nameEnd(in, line, limit);
                int next = textEnd(in, colon + 1, limit) + 2;
                Kind kind = kind(in, line, colon);
                if (kind != Kind.CONNECTION && kind != Kind.HOP_BY_HOP) {
                    head.writeBytes(in, line, next - line);
                }
                line = next;
            }
        }
        ByteBuf body = in.retainedSlice(bodyStart, (int) contentLength);
        in.readerIndex(end);
        boolean keepAlive = !close && (http11 || keepAliveAsked);
        return new WholeResponse(status, keepAlive, head, body);
    }

    private enum Kind { CONTENT_LENGTH, CONNECTION, HOP_BY_HOP, SET_COOKIE, FRAMING_OR_UNUSUAL, OTHER }

    private static Kind kind(ByteBuf in, int start, int end) {
        int length = end - start;
        switch (length) {
            case 2:
                return equalsIgnoreCase(in, start, end, "te") ? Kind.HOP_BY_HOP : Kind.OTHER;
            case 7:
                return equalsIgnoreCase(in, start, end, "trailer") || equalsIgnoreCase(in, start, end, "upgrade")
                        ? Kind.HOP_BY_HOP : Kind.OTHER;
            case 10:
                if (equalsIgnoreCase(in, start, end, "connection")) {
                    return Kind.CONNECTION;
                }
                if (equalsIgnoreCase(in, start, end, "keep-alive")) {
                    return Kind.HOP_BY_HOP;
                }
                if (equalsIgnoreCase(in, start, end, "set-cookie")) {
                    return Kind.SET_COOKIE;
                }
                break;
            case 14:
                if (equalsIgnoreCase(in, start, end, "content-length")) {
                    return Kind.CONTENT_LENGTH;
                }
                break;
            case 17:
                if (equalsIgnoreCase(in, start, end, "transfer-encoding")) {
                    return Kind.FRAMING_OR_UNUSUAL;
                }
                break;
            default:
                break;
        }
        return length >= 6 && equalsIgnoreCase(in, start, start + 6, "proxy-") ? Kind.HOP_BY_HOP : Kind.OTHER;
    }

    /** True when a Set-Cookie value names the gateway's cookie (its name is what precedes '=' or ';'). */
    private boolean setsGatewayCookie(ByteBuf in, int first, int last) {
        int end = first;
        while (end < last && in.getByte(end) != '=' && in.getByte(end) != ';') {
            end++;
        }
        int nameEnd = trimEnd(in, first, end);
        if (nameEnd - first != cookieName.length) {
            return false;
        }
        for (int i = 0; i < cookieName.length; i++) {
            if (in.getByte(first + i) != cookieName[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the colon after a header name of token characters starting at {@code start}, or -1. */
    private static int nameEnd(ByteBuf in, int start, int limit) {
        for (int i = start; i < limit; i++) {
            byte b = in.getByte(i);
            if (b == ':') {
                return i;
            }
            if (b < 0 || !TOKEN[b]) {
                return -1;
            }
        }
        return -1;
    }

    /** The index of the CR of the CRLF that ends text from {@code start}, or -1 for any other control byte. */
    private static int textEnd(ByteBuf in, int start, int limit) {
        for (int i = start; i < limit; i++) {
            byte b = in.getByte(i);
            if (b >= 0x20 && b < 0x7f || b == '\t') {
                continue;
            }
            return b == CR && i + 1 < limit && in.getByte(i + 1) == LF ? i : -1;
        }
        return -1;
    }

    private static int skipSpaces(ByteBuf in, int start, int end) {
        while (start < end && (in.getByte(start) == ' ' || in.getByte(start) == '\t')) {
            start++;
        }
        return start;
    }

    private static int trimEnd(ByteBuf in, int start, int end) {
        while (end > start && (in.getByte(end - 1) == ' ' || in.getByte(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    /** The decimal number in {@code [start, end)}: 1 to 18 digits and nothing else, or -1. */
    private static long digits(ByteBuf in, int start, int end) {
        if (end <= start || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private static int digit(ByteBuf in, int index) {
        byte b = in.getByte(index);
        return b >= '0' && b <= '9' ? b - '0' : -1000;
    }

    private static boolean startsWith(ByteBuf in, int start, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII case-insensitive comparison of {@code in[start, end)} with the lower-case {@code text}. */
    private static boolean equalsIgnoreCase(ByteBuf in, int start, int end, String text) {
        if (end - start != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            int b = in.getByte(start + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
