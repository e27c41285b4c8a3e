package io.grid.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's static files, read from this jar under {@value #ROOT}. A request path below
 * {@code /console/} names one file; {@code /console/} itself is the single page {@code index.html}.
 * Only plain file names made of letters, digits, dots, dashes and slashes are looked up, so no path can
 * leave the console's folder.
 */
public class ConsoleAssets {

    /** Classpath folder of the console's files. */
    public static final String ROOT = "io/grid/console/assets/";

    private static final Pattern SAFE_PATH = Pattern.compile("(?:[a-z0-9-]+/)*[a-z0-9-]+\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final ClassLoader loader;

    public ConsoleAssets() {
        this(ConsoleAssets.class.getClassLoader());
    }

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** One file of the console: its bytes and its media type. */
    public record Asset(String path, String contentType, byte[] bytes) {
    }

    /**
     * The file a request path below the console names.
     *
     * @param relative the request path after {@code /console/}, e.g. {@code ""} or {@code "console.js"}
     * @return the file, or empty when there is no such file or the path is not a plain file name
     */
    public Optional<Asset> find(String relative) {
        String path = relative == null || relative.isEmpty() ? "index.html" : relative;
        String extension = path.substring(path.lastIndexOf('.') + 1);
        if (!SAFE_PATH.matcher(path).matches() || !TYPES.containsKey(extension)) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Asset(path, TYPES.get(extension), in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read console file " + path, e);
        }
    }
}
