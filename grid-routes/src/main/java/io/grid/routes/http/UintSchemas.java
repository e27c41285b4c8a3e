package io.grid.routes.http;

import io.grid.api.GreetType;
import io.grid.api.Uint;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Iterator;

/**
 * Gives every request field declared {@link Uint} its OpenAPI schema: a string of decimal digits (a JSON integer is
 * read too) with {@code format} {@code uint32} / {@code uint64} / {@code uint256} and {@code x-solidity-type}, the
 * same declaration {@link RequestNumbers} checks requests against. Any other {@link BigInteger} (ids and amounts in
 * answers, which {@link Json} writes as strings) is described as a uint256 string, and a {@code Map<String, Object>}
 * as a free-form object ({@code additionalProperties: true}), a {@link Duration} as decimal seconds, a
 * {@link GreetType} as its number or name; every member that is not a Java primitive is {@code nullable}, as
 * {@link Json} writes absent members as null. Camel's OpenAPI generator resolves request
 * body types through swagger's shared {@link ModelConverters}; {@link #install()} puts this converter first there.
 */
public final class UintSchemas implements ModelConverter {

    /** The schema extension naming the field's on-chain type. */
    public static final String SOLIDITY_TYPE = "x-solidity-type";

    private static volatile boolean installed;

    /** Adds this converter to swagger's shared converters (once), ahead of Camel's own. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            // Camel adds its converter when its class initialises; ours must come after it to be consulted first.
            Class.forName("org.apache.camel.openapi.RestModelConverters", true, UintSchemas.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return; // no OpenAPI generator on the classpath: nothing to describe
        }
        ModelConverters.getInstance(false).addConverter(new UintSchemas());
        ModelConverters.getInstance(true).addConverter(new UintSchemas());
        installed = true;
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Uint uint = declared(type.getCtxAnnotations());
        if (uint != null) {
            return schema(uint.value());
        }
        JavaType javaType = type.getType() == null ? null : io.swagger.v3.core.util.Json.mapper().constructType(type.getType());
        Class<?> raw = javaType == null ? null : javaType.getRawClass();
        Schema<?> schema;
        if (raw == BigInteger.class) {
            schema = schema(256); // Json writes every BigInteger as a string of digits
        } else if (javaType != null && javaType.isMapLikeType() && javaType.getContentType().getRawClass() == Object.class) {
            schema = freeForm();
        } else if (raw == Duration.class) {
            schema = new NumberSchema().description("seconds"); // Jackson writes a Duration as decimal seconds
        } else if (raw == GreetType.class) {
            schema = greetType();
        } else {
            schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        }
        // Json writes an absent member as null: every member that is not a Java primitive may be null.
        if (schema != null && type.isSchemaProperty() && raw != null && !raw.isPrimitive()) {
            schema.setNullable(Boolean.TRUE);
        }
        return schema;
    }

    /** The schema of a number of {@code bits} bits. */
    static Schema<?> schema(int bits) {
        // A string of digits or a JSON integer (oneOf): requests may send either, answers write a long as an integer
        // and a BigInteger as a string.
        BigDecimal max = new BigDecimal(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        StringSchema digits = new StringSchema();
        digits.setPattern("^[0-9]{1,78}$");
        IntegerSchema integer = new IntegerSchema();
        integer.setFormat(null);
        integer.setMinimum(BigDecimal.ZERO);
        integer.setMaximum(max);
        ComposedSchema schema = new ComposedSchema();
        schema.addOneOfItem(digits);
        schema.addOneOfItem(integer);
        schema.setFormat("uint" + bits);
        schema.setDescription("uint" + bits + " in decimal, as a string of digits or a JSON integer; "
                + "at most 2^" + bits + " - 1");
        schema.addExtension(SOLIDITY_TYPE, "uint" + bits);
        return schema;
    }

    /** A greet type: its wire number (as requests send it) or its name (as answers write it). */
    static Schema<?> greetType() {
        IntegerSchema code = new IntegerSchema();
        code.setFormat(null);
        StringSchema name = new StringSchema();
        for (GreetType type : GreetType.values()) {
            code.addEnumItemObject(type.code());
            name.addEnumItem(type.name());
        }
        ComposedSchema schema = new ComposedSchema();
        schema.addOneOfItem(code);
        schema.addOneOfItem(name);
        schema.setDescription("0 RESOURCES_AND_PAYMENT, 1 PAYEE, 2 SIGN_IN (the number or the name)");
        return schema;
    }

    /** An object whose members may be any JSON value (a {@code Map<String, Object>}). */
    static Schema<?> freeForm() {
        ObjectSchema schema = new ObjectSchema();
        schema.setAdditionalProperties(Boolean.TRUE);
        schema.setDescription("a JSON object whose members may be any JSON value");
        return schema;
    }

    private static Uint declared(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof Uint uint) {
                    return uint;
                }
            }
        }
        return null;
    }
}
