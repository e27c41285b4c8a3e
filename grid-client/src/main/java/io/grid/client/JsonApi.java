package io.grid.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.grid.api.Problem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * JSON over HTTP to one GRID server: amounts as decimal strings, problem+json turned into
 * {@link GridProblemException}, connection failures into {@link GridUnavailableException}.
 */
final class JsonApi {

    /** The mapper GRID's servers agree with: amounts as decimal strings, ISO-8601 instants. */
    static final ObjectMapper MAPPER = mapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    JsonApi(URI base, HttpClient http, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = http;
        this.timeout = timeout;
    }

    static ObjectMapper mapper() {
        SimpleModule amounts = new SimpleModule("grid-amounts");
        amounts.addSerializer(BigInteger.class, ToStringSerializer.instance);
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(amounts)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // A newer server may add fields; an older client still reads what it knows.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    URI base() {
        return base;
    }

    /** One answer: its status, headers of interest and body. */
    record Answer(int status, String body, HttpResponse<String> response) {

        <T> T as(Class<T> type) {
            return read(body, MAPPER.constructType(type));
        }

        <T> List<T> asListOf(Class<T> type) {
            return read(body, MAPPER.getTypeFactory().constructCollectionType(List.class, type));
        }

        JsonNode tree() {
            return read(body, MAPPER.constructType(JsonNode.class));
        }
    }

    Answer get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    Answer delete(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
    }

    Answer send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        return send(request, headers);
    }

    Answer post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    private URI uri(String path) {
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }

    private Answer send(HttpRequest.Builder request, String... headers) {
        request.timeout(timeout).header("Accept", "application/json, " + Problem.MEDIA_TYPE);
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new GridUnavailableException("cannot connect to " + base + " (is the server running?)", e);
        } catch (HttpTimeoutException e) {
            throw new GridUnavailableException(built.method() + " " + built.uri() + " got no answer within " + timeout, e);
        } catch (IOException e) {
            throw new GridUnavailableException(built.method() + " " + built.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GridUnavailableException("interrupted while calling " + built.uri(), e);
        }
        if (response.statusCode() >= 400) {
            throw problemOf(built, response);
        }
        return new Answer(response.statusCode(), response.body(), response);
    }

    private static GridClientException problemOf(HttpRequest request, HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith(Problem.MEDIA_TYPE) || type.startsWith("application/json")) {
            try {
                Map<?, ?> fields = MAPPER.readValue(response.body(), Map.class);
                Object title = fields.get("title");
                Object reason = fields.get("reason");
                Object detail = fields.get("detail");
                return new GridProblemException(new Problem(null,
                        title == null ? "HTTP " + response.statusCode() : title.toString(), response.statusCode(),
                        detail == null ? null : detail.toString(), request.uri().getPath(),
                        reason == null ? null : reason.toString(), violations(fields.get("violations"))));
            } catch (IOException | IllegalArgumentException e) {
                // not a problem body after all; fall through
            }
        }
        if (response.statusCode() == 404) {
            return new GridProblemException(Problem.of(404, "Not Found", "NOT_FOUND",
                    request.method() + " " + request.uri().getPath() + " is not known to this server"));
        }
        return new GridUnavailableException(request.method() + " " + request.uri() + " answered HTTP "
                + response.statusCode() + " without a problem body");
    }

    private static List<String> violations(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** @return a copy of the submission's body carrying {@code signature} */
    static Map<String, Object> signed(io.grid.api.Submission submission, String signature) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(submission.body());
        body.put("signature", signature);
        return body;
    }

    static byte[] write(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body as JSON", e);
        }
    }

    private static <T> T read(String body, JavaType type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new GridUnavailableException("the server's answer is not the expected " + type.getRawClass()
                    .getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
