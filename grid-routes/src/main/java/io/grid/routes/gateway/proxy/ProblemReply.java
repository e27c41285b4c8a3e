package io.grid.routes.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.api.Problem;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** The responses the proxy writes itself: RFC 9457 {@code application/problem+json} bodies. */
final class ProblemReply {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemReply() {
    }

    /**
     * A complete problem response.
     *
     * @param path      the request path it happened on (without the query, which may hold secrets)
     * @param keepAlive false to tell the client this connection closes after the response
     */
    static FullHttpResponse of(ByteBufAllocator allocator, int status, String reason, String detail, String path,
                               boolean keepAlive) {
        HttpResponseStatus httpStatus = HttpResponseStatus.valueOf(status);
        Problem problem = Problem.of(status, httpStatus.reasonPhrase(), reason, detail).at(path);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            // A record of strings and ints always serialises; reaching here is a programming error.
            throw new IllegalStateException("cannot serialise a problem body", e);
        }
        ByteBuf body = allocator.buffer(json.length).writeBytes(json);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, httpStatus, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /** The path part of a request-target, for the problem's {@code instance}. */
    static String pathOf(String requestTarget) {
        int query = requestTarget.indexOf('?');
        String path = query >= 0 ? requestTarget.substring(0, query) : requestTarget;
        return path.length() > 512 ? path.substring(0, 512) : path;
    }
}
