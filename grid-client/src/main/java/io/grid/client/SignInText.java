package io.grid.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway's sign-in for one order: the exact ERC-4361 text to sign with {@code personal_sign}, and the
 * greet request to send with the signature.
 *
 * @param message the text to sign
 * @param submit  where and what to send
 */
public record SignInText(String message, SigningRequest.Submit submit) {

    /** @return a copy of the greet body to send, carrying {@code signature} */
    public ObjectNode signedBody(String signature) {
        ObjectNode body = submit.body().deepCopy();
        body.put("signature", signature);
        return body;
    }
}
