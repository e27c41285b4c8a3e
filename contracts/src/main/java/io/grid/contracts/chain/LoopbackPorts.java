package io.grid.contracts.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that tests and local runs start on a port chosen in advance (the platform's REST, the
 * gateway's proxy, a second Anvil). A port that {@code new ServerSocket(0)} handed out and closed again comes from
 * the kernel's ephemeral range, which outgoing connections draw their source ports from as well: in the time
 * between choosing it and binding it, any connection of the same JVM (to Anvil, to a backend) may take it, and the
 * server then fails to start with "Address already in use". These ports lie below the ephemeral range, are free at
 * the time they are chosen, and are never handed out twice by one JVM.
 */
public final class LoopbackPorts {

    /** Lowest port handed out: clear of the well-known and most registered service ports. */
    static final int LOWEST = 20_000;
    /** Linux's default ephemeral range, used when the running kernel's cannot be read. */
    static final int[] DEFAULT_EPHEMERAL = {32_768, 60_999};
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /**
     * A port nothing listens on now, outside the ephemeral range, not handed out before by this JVM.
     *
     * @throws IllegalStateException when no such port was found
     */
    public static int free() {
        int[] range = candidates(ephemeralRange());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(range[0], range[1] + 1);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + range[0] + "-" + range[1] + " after " + ATTEMPTS
                + " attempts");
    }

    /** The ports to choose from: below the ephemeral range, or above it when too little room is left below. */
    static int[] candidates(int[] ephemeral) {
        if (ephemeral[0] - 1 - LOWEST >= 1_000) {
            return new int[] {LOWEST, ephemeral[0] - 1};
        }
        if (65_535 - ephemeral[1] - 1 >= 1_000) {
            return new int[] {ephemeral[1] + 1, 65_535};
        }
        return new int[] {LOWEST, 65_535}; // the whole range is ephemeral: the best left is a free port
    }

    /** The kernel's ephemeral port range, or Linux's default where it cannot be read. */
    static int[] ephemeralRange() {
        // Read as a line: Files.readString trusts the size /proc reports for the file, and reads too little.
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE, StandardCharsets.US_ASCII)) {
            String[] bounds = reader.readLine().trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (NoSuchFileException notLinux) {
            return DEFAULT_EPHEMERAL.clone();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + EPHEMERAL_RANGE, e);
        }
    }

    /** True when a server can bind {@code port} on every address now (so on loopback too). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.getLocalPort() == port;
        } catch (IOException taken) {
            return false; // someone listens there: try another
        }
    }
}
