package io.grid.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The request that carries a signature once it is made: send {@code method} {@code path} with {@code body},
 * whose {@code signature} field (null here) is replaced by the 0x-hex 65-byte signature.
 *
 * @param method the HTTP method
 * @param path   the path on the same server
 * @param body   the complete request body, {@code "signature": null}
 */
public record Submission(String method, String path, @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> body) {
}
