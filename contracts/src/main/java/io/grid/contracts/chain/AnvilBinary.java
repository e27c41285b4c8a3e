package io.grid.contracts.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the Anvil executable: the system property {@value #PATH_PROPERTY}, else the environment variable
 * {@value #PATH_VARIABLE}, else {@code node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil} (as {@code npm install
 * @foundry-rs/anvil-linux-amd64} puts it) searched upward from the working directory, directly or under
 * {@code contracts/} (where a GRID checkout's {@code npm ci} puts it), else {@code anvil} on the {@code PATH} (as
 * Foundry's installer puts it).
 */
public final class AnvilBinary {

    /** System property naming the Anvil executable. */
    public static final String PATH_PROPERTY = "grid.anvil.path";
    /** Environment variable naming the Anvil executable. */
    public static final String PATH_VARIABLE = "GRID_ANVIL_PATH";

    private static final Path IN_PACKAGE = Paths.get("node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    private AnvilBinary() {
    }

    /**
     * The Anvil executable.
     *
     * @return an existing, executable file
     * @throws IllegalStateException when it cannot be found, saying where it looked
     */
    public static Path locate() {
        String configured = System.getProperty(PATH_PROPERTY);
        String source = "system property " + PATH_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(PATH_VARIABLE);
            source = "environment variable " + PATH_VARIABLE;
        }
        if (configured != null && !configured.isBlank()) {
            Path path = Paths.get(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("Anvil not found at " + path + " (from the " + source + ")");
            }
            return path;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve(IN_PACKAGE), dir.resolve("contracts").resolve(IN_PACKAGE)}) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String searchPath = System.getenv("PATH");
        if (searchPath != null) {
            for (String dir : searchPath.split(java.io.File.pathSeparator)) {
                Path candidate = Paths.get(dir.isEmpty() ? "." : dir, "anvil");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Anvil not found: no " + IN_PACKAGE + " in " + Paths.get("").toAbsolutePath()
                + " or a directory above it (nor under contracts/ there), and no anvil on the PATH");
    }
}
