package io.grid.core.refusal;

/**
 * Why the platform or a gateway refuses a request: the one catalogue of refusals, shared by the greet steps, sign-in,
 * cookies and the platform's services. Each has a stable code (its name) and the client-error status the HTTP edge
 * answers it with ({@code io.grid.routes.http.Problems}); services only throw {@link RefusedException}.
 */
public enum Refusal {
    // Type 0: resources and payment
    /** The cluster's free capacity does not cover the ordered resources. */
    INSUFFICIENT_CAPACITY(409),
    /** The provider (its registered terms, or its cluster's nodes) has none of the GPU models the order asks for. */
    GPU_MODEL_ABSENT(409),
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
    COOKIE_EXPIRED(401),
    /** The session was issued for another order of the same user. */
    SESSION_FOR_OTHER_ORDER(403),
    // Services
    /** What the request names does not exist (a provider, an order, a transfer). */
    NOT_FOUND(404),
    /** The order does not exist (on chain, or at this gateway). */
    UNKNOWN_ORDER(404),
    /** The gateway's catalog has no such app. */
    UNKNOWN_TEMPLATE(404),
    /** The order has ended: it gets no sign-in and no app. */
    ORDER_ENDED(410),
    /** The order's app was torn down and the logs kept after it have expired. */
    LOGS_EXPIRED(410),
    /** The container whose log was asked for has not started yet (waiting for its image, its node, ...): ask again later. */
    CONTAINER_NOT_STARTED(409),
    /** The order is not accepted at this gateway yet: greet type 1 first. */
    ORDER_NOT_ACCEPTED(409),
    /** The app needs more resources than the order holds. */
    ORDER_TOO_SMALL(409),
    /** The gateway's acceptance of the order did not make it active. */
    ACCEPT_FAILED(409),
    /** The user's credits do not cover the order's cost. */
    INSUFFICIENT_CREDITS(402),
    /** The registry's cost now is above the most the user signed to pay ({@code maxCost}). */
    COST_ABOVE_LIMIT(409),
    /** The provider is registered already. */
    ALREADY_REGISTERED(409),
    /** The provider is not registered on chain. */
    PROVIDER_NOT_REGISTERED(409),
    /** The contract reverted the relayed transaction. */
    CHAIN_REFUSED(409),
    /** The transfer does not have enough confirmations yet. */
    TRANSFER_NOT_CONFIRMED(409),
    /** The transfer gives no credits (another token, another recipient, reverted...). */
    TRANSFER_REJECTED(409);

    private final int httpStatus;

    Refusal(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status this refusal is answered with. */
    public int httpStatus() {
        return httpStatus;
    }
}
