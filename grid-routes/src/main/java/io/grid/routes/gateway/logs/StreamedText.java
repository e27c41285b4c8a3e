package io.grid.routes.gateway.logs;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import org.apache.camel.component.netty.http.OutboundStreamHttpResponse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A chunked HTTP answer that stays open and sends text as it is written, without ever blocking a
 * Netty thread: camel-netty-http writes it with its chunked writer, which asks for the next chunk
 * and, when there is none yet, waits to be resumed by {@link #write} or {@link #end}. When the client
 * goes, the writer closes it and {@code onClose} runs (followers stop).
 */
final class StreamedText extends OutboundStreamHttpResponse {

    private static final int MAX_QUEUED = 10_000;

    private final Queue<byte[]> chunks = new ConcurrentLinkedQueue<>();
    private final Runnable onClose;
    private volatile ChannelHandlerContext context;
    private volatile boolean ended;
    private volatile boolean closed;
    private boolean lastSent;
    private long progress;

    /**
     * @param contentType the answer's content type
     * @param context     the channel the answer goes out on (its chunked writer is resumed when text comes)
     * @param onClose     runs once when the client goes or the answer was sent
     */
    StreamedText(String contentType, ChannelHandlerContext context, Runnable onClose) {
        super(InputStream.nullInputStream(), new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        // camel-netty-http writes this object itself as the response head.
        headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setTransferEncodingChunked(this, true);
        this.context = context;
        this.onClose = onClose;
    }

    /** Sends {@code text} as the next chunk; dropped when the client is gone or too far behind. */
    void write(String text) {
        if (closed || ended || chunks.size() >= MAX_QUEUED) {
            return;
        }
        chunks.add(text.getBytes(StandardCharsets.UTF_8));
        resume();
    }

    /** Ends the answer after what was written. */
    void end() {
        ended = true;
        resume();
    }

    /** True once the client went or the answer ended. */
    boolean closed() {
        return closed || ended;
    }

    private void resume() {
        ChannelHandlerContext ctx = context;
        if (ctx != null) {
            ChunkedWriteHandler writer = ctx.pipeline().get(ChunkedWriteHandler.class);
            if (writer != null) {
                writer.resumeTransfer();
            }
        }
    }

    @Override
    public boolean isEndOfInput() {
        return lastSent;
    }

    @Override
    public HttpContent readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public HttpContent readChunk(ByteBufAllocator allocator) {
        byte[] next = chunks.poll();
        if (next != null) {
            progress += next.length;
            return new DefaultHttpContent(Unpooled.wrappedBuffer(next));
        }
        if (ended && !lastSent) {
            lastSent = true;
            return LastHttpContent.EMPTY_LAST_CONTENT;
        }
        return null;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return progress;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            chunks.clear();
            onClose.run();
        }
    }
}
