package io.grid.routes.gateway.tls;

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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
                    LOG.warn("event=tls_development_certificate action=reused file={} notAfter={} "
                                    + "note=\"a DEVELOPMENT certificate: not trusted by clients, not for production\"",
                            files.certificateChain(), existing.getNotAfter().toInstant());
                    return files;
                }
            }
            create(files, names, KeyType.EC, now, VALIDITY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the development certificate in " + directory, e);
        }
        LOG.warn("event=tls_development_certificate action=created file={} names={} "
                + "note=\"a DEVELOPMENT certificate: not trusted by clients, not for production\"",
                files.certificateChain(), names);
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
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(IP_LITERAL.matcher(name).matches()
                        ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, name.toLowerCase(Locale.ROOT)));
            }
            X500Name subject = new X500Name("CN=GRID development certificate");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).setBit(63), Date.from(notBefore.minus(Duration.ofHours(1))),
                    Date.from(notBefore.plus(validity)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(type == KeyType.RSA
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(
                    type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA").build(keys.getPrivate()));
            Files.createDirectories(files.certificateChain().toAbsolutePath().getParent());
            Files.createDirectories(files.privateKey().toAbsolutePath().getParent());
            // The key first: a reader that sees the new certificate finds its key already in place.
            replace(files.privateKey(), pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
            replace(files.certificateChain(), pem("CERTIFICATE", holder.getEncoded()), false);
        } catch (GeneralSecurityException | OperatorCreationException e) {
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
