package io.grid.routes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Uint;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Range-checks every numeric field of a request body against its on-chain type, as declared with {@link Uint} on
 * the request records, before the body is bound: a value must be a JSON integer or a string of decimal digits,
 * without sign, fraction, exponent or hex, and below {@code 2^bits} (and what the Java field holds). Anything else
 * is an {@link InvalidNumberException} (400) naming the field, so no oversized number reaches the signing code.
 *
 * <p>The same declarations give the OpenAPI request schemas their {@code format} ({@link UintSchemas}).
 */
public final class RequestNumbers {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,78}");

    private RequestNumbers() {
    }

    /**
     * Checks the numeric fields of {@code body} as {@code type} declares them, nested records included.
     *
     * @throws InvalidNumberException for the first field out of its type's range
     * @throws IllegalStateException when {@code type} has a numeric component without {@link Uint}
     */
    public static void check(JsonNode body, Class<?> type) {
        check(body, type, "");
    }

    private static void check(JsonNode body, Class<?> type, String prefix) {
        if (body == null || !body.isObject() || !type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String field = prefix + component.getName();
            JsonNode value = body.get(component.getName());
            Uint declared = component.getAnnotation(Uint.class);
            Class<?> javaType = component.getType();
            if (declared != null) {
                if (value != null && !value.isMissingNode()) {
                    parse(field, value, declared.value(), javaType);
                }
            } else if (isNumeric(javaType)) {
                throw new IllegalStateException("request field " + type.getSimpleName() + "." + field
                        + " is numeric but declares no on-chain type (@Uint)");
            } else if (javaType.isRecord()) {
                check(value, javaType, field + ".");
            }
        }
    }

    /**
     * Reads one number of an on-chain type.
     *
     * @param field    the field's name in the request, for the refusal
     * @param value    the JSON value
     * @param bits     the on-chain width: 32, 64 or 256
     * @param javaType the Java type it is bound to ({@code long}, {@code int} or {@link BigInteger})
     * @return the value
     * @throws InvalidNumberException when it is not a decimal unsigned integer within range
     */
    public static BigInteger parse(String field, JsonNode value, int bits, Class<?> javaType) {
        String text;
        if (value.isIntegralNumber()) {
            text = value.bigIntegerValue().toString();
        } else if (value.isTextual()) {
            text = value.textValue();
        } else {
            throw new InvalidNumberException(field, bits, value.isNumber()
                    ? "a fraction or exponent is not a whole number" : "a " + value.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + " is not a number");
        }
        return parse(field, text, bits, javaType);
    }

    /**
     * Reads one decimal number of an on-chain type from text (a path or query parameter, or a JSON string).
     *
     * @see #parse(String, JsonNode, int, Class)
     */
    public static BigInteger parse(String field, String text, int bits, Class<?> javaType) {
        if (text.startsWith("-")) {
            throw new InvalidNumberException(field, bits, "it is negative");
        }
        if (!DIGITS.matcher(text).matches()) {
            throw new InvalidNumberException(field, bits, "only decimal digits are allowed (no sign, fraction, "
                    + "exponent, hex or spaces)");
        }
        BigInteger number = new BigInteger(text);
        BigInteger max = max(bits, javaType);
        if (number.compareTo(max) > 0) {
            throw new InvalidNumberException(field, bits, "it is above the largest accepted value " + max);
        }
        return number;
    }

    /** The largest value of {@code bits} that also fits the Java type. */
    static BigInteger max(int bits, Class<?> javaType) {
        if (bits != 32 && bits != 64 && bits != 256) {
            throw new IllegalStateException("unsupported on-chain width " + bits);
        }
        BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (javaType == long.class || javaType == Long.class) {
            max = max.min(BigInteger.valueOf(Long.MAX_VALUE));
        } else if (javaType == int.class || javaType == Integer.class) {
            max = max.min(BigInteger.valueOf(Integer.MAX_VALUE));
        }
        return max;
    }

    private static boolean isNumeric(Class<?> type) {
        return type == long.class || type == int.class || type == short.class || type == Long.class
                || type == Integer.class || type == Short.class || type == BigInteger.class
                || type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == java.math.BigDecimal.class;
    }

    /** A numeric field out of its on-chain type's range: 400, reason {@code INVALID_<FIELD>}, the field named. */
    public static final class InvalidNumberException extends BadRequestException {

        private final String field;

        InvalidNumberException(String field, int bits, String why) {
            super("field '" + field + "' must be a uint" + bits + " as a decimal integer or string of digits: " + why);
            this.field = field;
        }

        /** @return the field's path in the request, e.g. {@code resources.cpuMillicores} */
        public String field() {
            return field;
        }

        /** @return the reason code naming the field, e.g. {@code INVALID_RESOURCES_CPU_MILLICORES} */
        public String reason() {
            return reasonFor(field);
        }

        /** @return the reason code for a field path: {@code maxCost} gives {@code INVALID_MAX_COST} */
        public static String reasonFor(String field) {
            return "INVALID_" + field.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        }
    }
}
