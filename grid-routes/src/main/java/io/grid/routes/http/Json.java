package io.grid.routes.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;

/**
 * The JSON mapping of every GRID HTTP body. Token amounts and ids ({@link BigInteger}) are written as
 * decimal strings because uint256 values do not survive JavaScript numbers; they are read from strings
 * or numbers. Unknown fields are refused so that a misspelt field never goes unnoticed.
 */
public final class Json {

    private final ObjectMapper mapper;

    public Json() {
        SimpleModule amounts = new SimpleModule("grid-amounts");
        amounts.addSerializer(BigInteger.class, ToStringSerializer.instance);
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(amounts)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** The underlying mapper, for routes that need a Camel data format. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Reads a request body, range-checking its numeric fields against their on-chain types first
     * ({@link RequestNumbers}), and turning every kind of bad input into a {@link BadRequestException} that says
     * what is wrong without leaking internals.
     */
    public <T> T read(InputStream body, Class<T> type) {
        if (body == null) {
            throw new BadRequestException("request body is missing");
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new BadRequestException("request body is missing");
            }
            RequestNumbers.check(tree, type);
            return mapper.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadRequestException(cause.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequestException("unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new BadRequestException("field '" + field + "' has the wrong type or is missing");
        } catch (JsonProcessingException e) {
            throw new BadRequestException("request body is not valid JSON");
        } catch (IOException e) {
            throw new BadRequestException("request body could not be read");
        }
    }

    /** Writes a response body. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response could not be written as JSON", e);
        }
    }
}
