package io.grid.routes.gateway.tls;

import io.grid.core.log.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for local runs, made with a fresh key at first start (never a key from code), kept
 * in a directory of its own and used again while it is valid. Browsers and clients do not trust it; every use
 * is logged as a development certificate. Production gateways name their own PEM files instead.
 */
public final class DevelopmentCertificate {

    /** The key types a certificate can be made with. */
    public enum KeyType { EC, RSA }

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentCertificate.class);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String SHA256_WITH_ECDSA = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final Duration VALIDITY = Duration.ofDays(90);
    /** Made again when less than this is left. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private DevelopmentCertificate() {
    }

    /**
     * The development certificate in {@code directory} ({@code development-certificate.pem},
     * {@code development-key.pem}), made first when missing or close to expiry.
     *
     * @param names DNS names and IP addresses it is for (for example {@code localhost}, {@code 127.0.0.1},
     *              {@code *.apps.gw.test})
     */
    public static CertificatePair loadOrCreate(Path directory, List<String> names, Clock clock) {
        CertificatePair files = new CertificatePair(directory.resolve("development-certificate.pem"),
                directory.resolve("development-key.pem"));
        Instant now = clock.instant();
        try {
            if (Files.exists(files.certificateChain()) && Files.exists(files.privateKey())) {
                X509Certificate existing = read(files.certificateChain());
                if (existing.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
                    LogEvent.warn(LOG, "tls_development_certificate").with("action", "reused")
                            .with("file", files.certificateChain()).with("notAfter", existing.getNotAfter().toInstant())
                            .with("note", "a DEVELOPMENT certificate: not trusted by clients, not for production").log();
                    return files;
                }
            }
            create(files, names, KeyType.EC, now, VALIDITY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the development certificate in " + directory, e);
        }
        LogEvent.warn(LOG, "tls_development_certificate").with("action", "created")
                .with("file", files.certificateChain()).with("names", names)
                .with("note", "a DEVELOPMENT certificate: not trusted by clients, not for production").log();
        return files;
    }

    /**
     * Writes a new self-signed certificate with a new key: the certificate as PEM, the key as unencrypted
     * PKCS#8 PEM readable by its owner only.
     */
    public static void create(CertificatePair files, List<String> names, KeyType type, Instant notBefore,
                              Duration validity) throws IOException {
        try {
            KeyPair keys = newKeyPair(type);
            byte[] algorithm = type == KeyType.RSA
                    ? Der.sequence(Der.oid(SHA256_WITH_RSA), Der.tagged(0x05, new byte[0]))
                    : Der.sequence(Der.oid(SHA256_WITH_ECDSA));
            byte[] subject = Der.sequence(Der.tagged(0x31, Der.sequence(Der.oid(COMMON_NAME),
                    Der.utf8String("GRID development certificate"))));
            ByteArrayOutputStream alternatives = new ByteArrayOutputStream();
            for (String name : names) {
                alternatives.writeBytes(IP_LITERAL.matcher(name).matches()
                        ? Der.implicit(7, InetAddress.getByName(name).getAddress())
                        : Der.implicit(2, name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)));
            }
            byte[] extensions = Der.explicit(3, Der.sequence(
                    Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(Der.sequence(alternatives.toByteArray()))),
                    Der.sequence(Der.oid(BASIC_CONSTRAINTS), Der.bool(true), Der.octetString(Der.sequence())),
                    Der.sequence(Der.oid(KEY_USAGE), Der.bool(true), Der.octetString(
                            // digitalSignature (bit 0), and keyEncipherment (bit 2) for RSA.
                            Der.tagged(0x03, type == KeyType.RSA ? new byte[] {5, (byte) 0xa0} : new byte[] {7,
                                (byte) 0x80}))),
                    Der.sequence(Der.oid(EXTENDED_KEY_USAGE), Der.octetString(Der.sequence(Der.oid(SERVER_AUTH))))));
            byte[] toBeSigned = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.TWO)),
                    Der.integer(new BigInteger(64, new SecureRandom()).setBit(62)),
                    algorithm,
                    subject,
                    Der.sequence(Der.time(notBefore.minus(Duration.ofHours(1))), Der.time(notBefore.plus(validity))),
                    subject,
                    keys.getPublic().getEncoded(),
                    extensions);
            Signature signer = Signature.getInstance(type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(toBeSigned);
            byte[] certificate = Der.sequence(toBeSigned, algorithm, Der.bitString(signer.sign()));
            Files.createDirectories(files.certificateChain().toAbsolutePath().getParent());
            Files.createDirectories(files.privateKey().toAbsolutePath().getParent());
            // The key first: a reader that sees the new certificate finds its key already in place.
            replace(files.privateKey(), pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
            replace(files.certificateChain(), pem("CERTIFICATE", certificate), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a certificate: " + e.getMessage(), e);
        }
    }

    /** The first certificate of a PEM file. */
    public static X509Certificate read(Path pem) throws IOException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + " holds no certificate", e);
        }
    }

    private static KeyPair newKeyPair(KeyType type) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
        if (type == KeyType.RSA) {
            generator.initialize(2048);
        } else {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        return generator.generateKeyPair();
    }

    private static byte[] pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes beside the target, then moves into place at once, so a reloading reader never sees half a file. */
    private static void replace(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
        Path draft = ownerOnly && posix
                ? Files.createTempFile(directory, "." + target.getFileName(), ".new",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, "." + target.getFileName(), ".new");
        try {
            Files.write(draft, content);
            Files.move(draft, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(draft);
        }
    }
}
