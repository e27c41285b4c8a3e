package io.grid.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LoopbackPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    private static int[] ephemeralRange() throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"),
                StandardCharsets.US_ASCII)) {
            String[] bounds = reader.readLine().trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        }
    }

    @Test
    void handsOutDistinctBindablePortsOutsideTheEphemeralRange() throws IOException {
        int[] ephemeral = ephemeralRange();
        Set<Integer> ports = new HashSet<>();

        for (int i = 0; i < 50; i++) {
            ports.add(LoopbackPorts.free());
        }

        assertThat(ports).hasSize(50).allSatisfy(port ->
                assertThat(port < ephemeral[0] || port > ephemeral[1]).as("port %d outside %d-%d", port, ephemeral[0],
                        ephemeral[1]).isTrue());
        for (int port : ports) {
            try (ServerSocket server = new ServerSocket(port)) {
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void neverHandsOutAPortSomeoneListensOn() throws IOException {
        Set<Integer> handedOut = new HashSet<>();
        try (ServerSocket occupied = new ServerSocket(0)) {
            for (int i = 0; i < 200; i++) {
                handedOut.add(LoopbackPorts.free());
            }
            assertThat(handedOut).doesNotContain(occupied.getLocalPort());
        }
    }
}
