package io.grid.core.fetch;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How much, how long and what kind of content the gateway accepts when it fetches a YAML URL.
 *
 * @param maxBytes the largest body accepted, in bytes; positive
 * @param timeout the longest a whole fetch may take; positive
 * @param contentTypes the media types accepted (lower case, without parameters)
 * @param maxRedirects how many redirects may be followed; 0 means none
 */
public record FetchLimits(long maxBytes, Duration timeout, Set<String> contentTypes, int maxRedirects) {

    /** The media types YAML files are commonly served with. */
    public static final Set<String> YAML_CONTENT_TYPES = Set.of(
            "application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml", "text/plain",
            "application/octet-stream");

    public FetchLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (contentTypes == null || contentTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one content type must be accepted");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
        contentTypes = contentTypes.stream().map(type -> type.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Limits for YAML files: the given size and time, the {@link #YAML_CONTENT_TYPES}, no redirects. */
    public static FetchLimits forYaml(long maxBytes, Duration timeout) {
        return new FetchLimits(maxBytes, timeout, YAML_CONTENT_TYPES, 0);
    }

    /** When a fetch started at {@code start} must be over. */
    public Instant deadlineFrom(Instant start) {
        return start.plus(timeout);
    }

    /**
     * Checks a response's Content-Type header; parameters such as {@code charset} are ignored.
     *
     * @throws FetchRefusedException {@link FetchRefusal#BAD_CONTENT_TYPE} if it is missing or not accepted
     */
    public void checkContentType(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!contentTypes.contains(mediaType)) {
            throw new FetchRefusedException(FetchRefusal.BAD_CONTENT_TYPE,
                    "the content type '" + mediaType + "' is not accepted");
        }
    }

    /**
     * Refuses early a body that announces itself as too large; a body that lies is still stopped
     * by {@link BoundedBody}.
     *
     * @param contentLength the Content-Length header's value, or -1 when there is none
     * @throws FetchRefusedException {@link FetchRefusal#TOO_LARGE} if it exceeds {@link #maxBytes()}
     */
    public void checkContentLength(long contentLength) {
        if (contentLength > maxBytes) {
            throw new FetchRefusedException(FetchRefusal.TOO_LARGE,
                    "the body announces " + contentLength + " bytes, more than " + maxBytes);
        }
    }

    /**
     * Checks that one more redirect may be followed after {@code followed} ones.
     *
     * @throws FetchRefusedException {@link FetchRefusal#TOO_MANY_REDIRECTS} otherwise
     */
    public void checkRedirect(int followed) {
        if (followed >= maxRedirects) {
            throw new FetchRefusedException(FetchRefusal.TOO_MANY_REDIRECTS,
                    "more than " + maxRedirects + " redirects");
        }
    }
}
