package io.grid.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the on-chain type of a numeric request field: an unsigned integer of {@link #value()} bits
 * ({@code uint32}, {@code uint64}, {@code uint256}) as the contract takes it. The one declaration both the
 * request parser (which refuses negative, fractional, exponent, hex and out-of-range values with a 400 naming
 * the field) and the OpenAPI request schemas (format {@code uint64} etc.) are made from. Every numeric
 * component of a request record carries it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Uint {

    /** @return the width in bits: 32, 64 or 256 */
    int value();
}
