package io.grid.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.api.Address;
import io.grid.client.GridClient;
import io.grid.client.Session;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * Gateway sessions kept between commands under {@code GRID_HOME/sessions}, owner-only: a session token is a
 * bearer secret for one order, like the gateway's cookie. Expired ones are signed in again.
 */
final class Sessions {

    private static final ObjectMapper JSON = GridClient.jsonMapper();

    private final Path dir;

    Sessions(Path home) {
        this.dir = home.resolve("sessions");
    }

    Optional<Session> find(BigInteger orderId, Address user) {
        Path file = file(orderId, user);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Session session = JSON.readValue(file.toFile(), Session.class);
            boolean fresh = session.expires() == null || session.expires().isAfter(Instant.now().plusSeconds(30));
            return fresh ? Optional.of(session) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void save(Session session, Address user) {
        Path file = file(session.orderId(), user);
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, JSON.writeValueAsBytes(session), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            throw new Accounts.AccountProblem("cannot keep the session in " + file + ": " + e.getMessage());
        }
    }

    private Path file(BigInteger orderId, Address user) {
        return dir.resolve(orderId + "-" + user.value() + ".json");
    }
}
