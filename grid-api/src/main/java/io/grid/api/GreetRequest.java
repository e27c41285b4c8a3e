package io.grid.api;

import java.math.BigInteger;

/**
 * A greet request to a provider's gateway.
 *
 * @param type      which greet step
 * @param orderId   the order concerned
 * @param message   type 2 only: the sign-in message the user signed
 * @param signature type 2 only: the user's EIP-191 signature of {@code message}, 65 bytes as hex
 */
public record GreetRequest(GreetType type, @Uint(256) BigInteger orderId, String message, String signature) {

    public GreetRequest {
        Require.present(type, "type");
        Require.amount(orderId, "orderId");
        if (type == GreetType.SIGN_IN) {
            Require.text(message, "message", 2048);
            Require.text(signature, "signature", 140);
        }
    }

    /** A type 0 or type 1 request, which carries only the order id. */
    public static GreetRequest of(GreetType type, BigInteger orderId) {
        return new GreetRequest(type, orderId, null, null);
    }

    /** A type 2 request. */
    public static GreetRequest signIn(BigInteger orderId, String message, String signature) {
        return new GreetRequest(GreetType.SIGN_IN, orderId, message, signature);
    }
}
