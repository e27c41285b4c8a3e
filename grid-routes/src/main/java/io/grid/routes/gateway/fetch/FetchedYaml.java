package io.grid.routes.gateway.fetch;

import java.net.URI;

/**
 * A YAML file fetched from a user-given URL. The bytes are handed to the YAML parser as they are, so
 * that it detects the encoding (UTF-8, UTF-16 or UTF-32 with a byte order mark) the way YAML says.
 *
 * @param source the URL the body came from, after any redirects
 * @param contentType the response's Content-Type header, as sent
 * @param body the body; never longer than the fetch limits allow
 */
public record FetchedYaml(URI source, String contentType, byte[] body) {

    public FetchedYaml {
        if (source == null || contentType == null || body == null) {
            throw new IllegalArgumentException("source, contentType and body are required");
        }
        body = body.clone();
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }
}
