package io.grid.routes.gateway.auth;

import io.grid.core.cookie.CookieCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gateway's cookie HMAC key on disk. The key has no default in code: on first start a fresh one
 * is generated and written to the file (base64 text, owner-only permissions); on later starts, or when
 * an operator configured the file, it is read back.
 *
 * <p>A file holds either base64 text (standard or URL alphabet, surrounding white space ignored) or
 * raw key bytes; either way the key must be at least {@value CookieCodec#MIN_KEY_BYTES} bytes. On a
 * file system with POSIX permissions, a file that its group or other users may read or write is
 * refused: anyone who can read the key can forge every session.
 */
public final class CookieKeyFile {

    private static final Pattern BASE64_TEXT = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
    /** Key files are a few dozen bytes; anything much larger is not a key file. */
    private static final long MAX_FILE_BYTES = 4096;

    private CookieKeyFile() {
    }

    /**
     * Reads the key in {@code file}, or creates the file with a new key if there is none yet. Several
     * processes or threads starting together end up with the same key: the file is published with a
     * single atomic step that fails if another starter was first, and the loser reads the winner's key.
     *
     * @param file where the key lives; its missing parent directories are created owner-only
     * @param random the source of a new key
     * @return the key, at least {@value CookieCodec#MIN_KEY_BYTES} bytes
     * @throws IllegalStateException if the file is too short, too large or readable by others
     * @throws UncheckedIOException if the file cannot be read or written
     */
    public static byte[] loadOrCreate(Path file, SecureRandom random) {
        if (file == null || random == null) {
            throw new IllegalArgumentException("file and random are required");
        }
        Path target = file.toAbsolutePath();
        try {
            if (Files.exists(target)) {
                return read(target);
            }
            return create(target, random);
        } catch (IOException e) {
            throw new UncheckedIOException("the cookie key file " + target + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static byte[] create(Path target, SecureRandom random) throws IOException {
        Path directory = target.getParent();
        boolean posix = Files.getFileAttributeView(existingAncestor(directory), PosixFileAttributeView.class) != null;
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(directory);
            }
        }
        byte[] key = CookieCodec.newKey(random);
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        // Written completely beside the target first, so that nobody ever reads a half-written key.
        Path draft = Files.createTempFile(directory, "." + target.getFileName(), ".new", ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(draft, StandardOpenOption.WRITE)) {
                ByteBuffer text = ByteBuffer.wrap(
                        (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
                while (text.hasRemaining()) {
                    channel.write(text);
                }
                channel.force(true);
            }
            if (!publish(draft, target)) {
                // Another starter published its key first: everyone uses that one.
                return read(target);
            }
            return key;
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /**
     * Makes the draft visible under the target's name unless the target already exists. A hard link is
     * atomic and never replaces (a rename would silently replace a key another starter already uses);
     * file systems without hard links fall back to a non-replacing move.
     *
     * @return false if the target already existed
     */
    private static boolean publish(Path draft, Path target) throws IOException {
        try {
            Files.createLink(target, draft);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException noHardLinks) {
            try {
                Files.move(draft, target);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }

    private static byte[] read(Path target) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (permissions.stream().anyMatch(SHARED::contains)) {
                throw new IllegalStateException("the cookie key file " + target + " has permissions "
                        + PosixFilePermissions.toString(permissions)
                        + "; anyone who reads it can forge sessions, so it must be owner-only (chmod 600)");
            }
        }
        long size = Files.size(target);
        if (size > MAX_FILE_BYTES) {
            throw new IllegalStateException("the cookie key file " + target + " holds " + size
                    + " bytes, more than a key file ever needs (" + MAX_FILE_BYTES + ")");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(target);
        } catch (NoSuchFileException removed) {
            throw new IllegalStateException("the cookie key file " + target + " disappeared while being read", removed);
        }
        byte[] key = decode(content);
        if (key.length < CookieCodec.MIN_KEY_BYTES) {
            throw new IllegalStateException("the cookie key file " + target + " holds a key of " + key.length
                    + " bytes; at least " + CookieCodec.MIN_KEY_BYTES + " are required");
        }
        return key;
    }

    /** Base64 text if the content reads as such, otherwise the raw bytes. */
    private static byte[] decode(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1).strip();
        if (BASE64_TEXT.matcher(text).matches()) {
            try {
                return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(text)
                        : Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException notBase64) {
                // Bytes that merely look like base64 but do not decode are taken as a raw key.
                return content;
            }
        }
        return content;
    }

    private static Path existingAncestor(Path directory) {
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalStateException("no ancestor of " + directory + " exists");
        }
        return existing;
    }
}
