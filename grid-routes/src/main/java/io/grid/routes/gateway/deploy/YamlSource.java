package io.grid.routes.gateway.deploy;

import io.grid.routes.gateway.fetch.YamlFetcher;

import java.nio.charset.StandardCharsets;

/**
 * Extension point: where the YAML of a user's URL comes from. Production fetches it with
 * {@link YamlFetcher} (SSRF-checked, size- and time-bounded); its refusals reach the user as problems.
 */
@FunctionalInterface
public interface YamlSource {

    /** The YAML text at {@code url}. */
    String read(String url);

    /** Reads URLs with {@code fetcher}, decoding the body as UTF-8. */
    static YamlSource of(YamlFetcher fetcher) {
        return url -> new String(fetcher.fetch(url).body(), StandardCharsets.UTF_8);
    }
}
