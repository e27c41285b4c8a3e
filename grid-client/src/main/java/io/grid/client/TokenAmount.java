package io.grid.client;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Token amounts between base units (integers, as on chain) and decimal text for people. */
public final class TokenAmount {

    private TokenAmount() {
    }

    /**
     * Writes base units with the token's decimals, without trailing zeros: {@code 1500000000000000000} with 18
     * decimals is {@code 1.5}.
     */
    public static String format(BigInteger baseUnits, int decimals) {
        if (decimals == 0) {
            return baseUnits.toString();
        }
        String plain = new BigDecimal(baseUnits, decimals).stripTrailingZeros().toPlainString();
        return plain;
    }

    /**
     * Reads an amount a person wrote in tokens ({@code 1.5}) as base units; refuses negative amounts and more
     * fractional digits than the token has.
     *
     * @throws IllegalArgumentException when the text is not such an amount
     */
    public static BigInteger parse(String tokens, int decimals) {
        if (tokens == null || tokens.isBlank()) {
            throw new IllegalArgumentException("amount is missing");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(tokens.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + tokens + "' is not a number");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        BigDecimal units = value.movePointRight(decimals);
        try {
            return units.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + tokens + "' has more than " + decimals + " decimal places");
        }
    }
}
