package io.grid.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An EVM account address: {@code 0x} followed by 40 hex digits, held in lower case so that
 * two spellings of one account compare equal.
 *
 * @param value the address, lower case, with its {@code 0x} prefix
 */
public record Address(String value) {

    private static final Pattern FORM = Pattern.compile("0x[0-9a-f]{40}");

    /** The zero address, which never owns anything. */
    public static final Address ZERO = new Address("0x0000000000000000000000000000000000000000");

    public Address {
        if (value == null) {
            throw new IllegalArgumentException("address is missing");
        }
        value = value.toLowerCase(Locale.ROOT);
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("malformed address: expected 0x and 40 hex digits");
        }
    }

    /** Parses an address in any letter case; refuses anything else with {@link IllegalArgumentException}. */
    @JsonCreator
    public static Address of(String value) {
        return new Address(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
