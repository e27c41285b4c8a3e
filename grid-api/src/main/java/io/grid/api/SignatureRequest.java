package io.grid.api;

import java.util.Map;

/**
 * An action to sign ({@code POST /typed-data/{action}}): the EIP-712 document exactly as
 * {@code eth_signTypedData_v4} takes it, filled with the signer's current contract nonce, a deadline and (for an
 * order) the quoted cost limit, and the request to send with the signature.
 *
 * @param typedData {@code {types, primaryType, domain, message}}, unsigned integers as decimal strings
 * @param submit    where the signature goes
 */
public record SignatureRequest(Map<String, Object> typedData, Submission submit) {
}
