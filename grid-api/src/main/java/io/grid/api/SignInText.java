package io.grid.api;

/**
 * The gateway's sign-in for one order ({@code GET /gateway/orders/{id}/sign-in?address=}): the exact ERC-4361 text
 * to sign with {@code personal_sign} (EIP-191), and the greet type 2 request to send with the signature.
 *
 * @param message the text to sign, as is
 * @param submit  {@code POST /gateway/greet} with {@code {type: 2, orderId, message, signature: null}}
 */
public record SignInText(String message, Submission submit) {
}
