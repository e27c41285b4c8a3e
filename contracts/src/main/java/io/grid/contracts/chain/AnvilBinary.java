package io.grid.contracts.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the Anvil executable installed by {@code npm ci} in {@code contracts/}: the system property
 * {@value #PATH_PROPERTY}, else the environment variable {@value #PATH_VARIABLE}, else
 * {@code contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil} searched upward from the
 * working directory (so it works from the project root, a module directory, or an IDE).
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
     * @throws IllegalStateException when it cannot be found, saying how to install it
     */
    public static Path locate() {
        String configured = System.getProperty(PATH_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(PATH_VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            Path path = Paths.get(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("Anvil not found at " + path + " (from " + PATH_PROPERTY + "/" + PATH_VARIABLE
                        + "): run `npm ci` in contracts/ first");
            }
            return path;
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("contracts").resolve(IN_PACKAGE), dir.resolve(IN_PACKAGE)}) {
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Anvil not found under contracts/node_modules from "
                + Paths.get("").toAbsolutePath() + ": run `npm ci` in contracts/ first, or set " + PATH_PROPERTY);
    }
}
