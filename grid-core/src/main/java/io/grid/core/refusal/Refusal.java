package io.grid.core.refusal;

/**
 * Why a gateway or the platform refuses a greet step or a signed request. Each refusal has a
 * stable code (its name) and the HTTP status it is answered with.
 */
public enum Refusal {
    // Type 0: resources and payment
    /** The cluster's free capacity does not cover the ordered resources. */
    INSUFFICIENT_CAPACITY(409),
    /** The order's escrowed cost is below the cost of its resources at this provider's prices. */
    UNDERPAID(402),
    /** The order names another provider than this gateway's. */
    OTHER_PROVIDER(409),
    /** The order is not in a state this step accepts (for example already completed or cancelled). */
    ORDER_NOT_OPEN(409),
    /** The order's time is over. */
    ORDER_EXPIRED(410),
    // Type 1: payee
    /** This gateway's provider is not the order's payee. */
    WRONG_PAYEE(403),
    // Type 2: sign-in
    /** The sign-in message does not follow the expected layout. */
    MALFORMED_MESSAGE(400),
    /** The signature is not 65 bytes of hex. */
    MALFORMED_SIGNATURE(400),
    /** The address recovered from the signature is not the claimed one. */
    SIGNATURE_MISMATCH(401),
    /** The message was made for another domain. */
    WRONG_DOMAIN(401),
    /** The message was made for another chain. */
    WRONG_CHAIN(401),
    /** The message was made for another order. */
    WRONG_ORDER(401),
    /** The signer is not the user who placed the order. */
    NOT_ORDER_USER(403),
    /** The nonce was never handed out, or has expired. */
    UNKNOWN_NONCE(401),
    /** The nonce was already used. */
    NONCE_REPLAYED(401),
    /** The message's expiration time has passed or its issued-at lies in the future. */
    MESSAGE_EXPIRED(401),
    // Cookies
    /** No cookie or bearer token came with the request. */
    COOKIE_MISSING(401),
    /** The cookie is malformed or its HMAC does not match. */
    COOKIE_INVALID(401),
    /** The cookie has expired. */
    COOKIE_EXPIRED(401);

    private final int httpStatus;

    Refusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this refusal is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
