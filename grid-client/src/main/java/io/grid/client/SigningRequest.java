package io.grid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a GRID server answers to sign for one action: the EIP-712 typed data exactly as
 * {@code eth_signTypedData_v4} takes it, and the request to send once it is signed.
 *
 * @param typedData the typed data ({@code types}, {@code primaryType}, {@code domain}, {@code message})
 * @param submit    where and what to send, with {@code body.signature} still null
 */
public record SigningRequest(JsonNode typedData, Submit submit) {

    /**
     * The request to send with the signature.
     *
     * @param method the HTTP method
     * @param path   the path on the same server
     * @param body   the full request body; its {@code signature} is filled by {@link #signedBody(String)}
     */
    public record Submit(String method, String path, ObjectNode body) {
    }

    /** @return a copy of the body to send, carrying {@code signature} */
    public ObjectNode signedBody(String signature) {
        ObjectNode body = submit.body().deepCopy();
        body.put("signature", signature);
        return body;
    }
}
