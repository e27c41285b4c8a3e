package io.grid.routes.http;

import io.grid.api.Uint;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.lang.annotation.Annotation;
import java.util.Iterator;

/**
 * Gives every request field declared {@link Uint} its OpenAPI schema: a string of decimal digits (a JSON integer is
 * read too) with {@code format} {@code uint32} / {@code uint64} / {@code uint256} and {@code x-solidity-type}, the
 * same declaration {@link RequestNumbers} checks requests against. Camel's OpenAPI generator resolves request
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
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }

    /** The schema of a number of {@code bits} bits. */
    static Schema<?> schema(int bits) {
        StringSchema schema = new StringSchema();
        schema.setFormat("uint" + bits);
        schema.setPattern("^[0-9]{1,78}$");
        schema.setDescription("uint" + bits + " in decimal, as a string of digits (a JSON integer is accepted); "
                + "at most 2^" + bits + " - 1");
        schema.addExtension(SOLIDITY_TYPE, "uint" + bits);
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
