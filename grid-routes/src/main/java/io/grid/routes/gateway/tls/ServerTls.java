package io.grid.routes.gateway.tls;

import io.grid.core.log.LogEvent;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's TLS server side, shared by its API and its reverse proxy: the certificates of
 * {@link TlsSettings}, chosen per connection by the client's SNI host name, and read again from their files
 * every {@link TlsSettings#reloadInterval()}. A reload swaps what the next handshakes use; a connection already
 * open keeps the session it negotiated, so nothing is dropped. Files that fail to load (half written, a key that
 * does not match) leave the certificates in use as they are and are logged.
 *
 * <p>TLS 1.2 and 1.3 only, with forward-secret AEAD cipher suites (ECDHE with AES-GCM or ChaCha20-Poly1305 for
 * 1.2; the 1.3 suites). ALPN is not offered: both servers speak HTTP/1.1 (see the README on HTTP/2).
 */
public class ServerTls implements AutoCloseable {

    /** The protocols offered, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** The cipher suites offered, in the server's order of preference. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** The pipeline name of the handler {@link #newHandler} makes. */
    public static final String HANDLER_NAME = "grid-tls";

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final TlsSettings settings;
    private volatile Loaded loaded;
    private ScheduledExecutorService reloader;

    /**
     * Reads the certificate files.
     *
     * @throws IllegalStateException when a file is missing or does not hold a usable certificate and key
     */
    public ServerTls(TlsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Snapshot files = Snapshot.read(settings.certificates());
        try {
            this.loaded = load(files);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the TLS certificate files cannot be used: " + e.getMessage(), e);
        }
    }

    /** The settings served. */
    public TlsSettings settings() {
        return settings;
    }

    /** Starts reading the files again every {@link TlsSettings#reloadInterval()}. */
    public synchronized void start() {
        if (reloader != null) {
            return;
        }
        reloader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "grid-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.reloadInterval().toMillis();
        reloader.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops reloading. */
    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.shutdownNow();
            reloader = null;
        }
    }

    /**
     * Reads the files now and, when their contents changed and load, serves them to the next handshakes.
     *
     * @return true if new certificates are now served
     */
    public synchronized boolean reloadIfChanged() {
        Snapshot files;
        try {
            files = Snapshot.read(settings.certificates());
        } catch (IllegalStateException e) {
            LogEvent.warn(LOG, "tls_reload_failed").with("reason", "unreadable").with("detail", e.getMessage()).log();
            return false;
        }
        if (MessageDigest.isEqual(files.digest, loaded.digest)) {
            return false;
        }
        try {
            loaded = load(files);
            return true;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            LogEvent.warn(LOG, "tls_reload_failed").with("reason", "invalid").with("detail", e.getMessage()).log();
            return false;
        }
    }

    /** The first certificate of each pair now served, in the order of {@link TlsSettings#certificates()}. */
    public List<X509Certificate> servedCertificates() {
        return loaded.leaves;
    }

    /**
     * A new handler for one accepted connection: it reads the ClientHello's SNI name and continues as the
     * {@link SslHandler} of the matching certificate.
     */
    public ChannelHandler newHandler(ByteBufAllocator allocator) {
        Mapping<String, SslContext> mapping = hostName -> loaded.byName.map(hostName);
        return new SniHandler(mapping, HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** True when {@code channel} is served over TLS (its pipeline has the TLS handler, before or after SNI). */
    public static boolean on(Channel channel) {
        return channel.pipeline().get(SslHandler.class) != null || channel.pipeline().get(SniHandler.class) != null;
    }

    private Loaded load(Snapshot files) throws GeneralSecurityException, IOException {
        List<SslContext> contexts = new ArrayList<>();
        List<X509Certificate> leaves = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (int i = 0; i < files.chains.size(); i++) {
            Collection<? extends java.security.cert.Certificate> chain =
                    x509.generateCertificates(new ByteArrayInputStream(files.chains.get(i)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(settings.certificates().get(i).certificateChain()
                        + " holds no certificate");
            }
            X509Certificate leaf = (X509Certificate) chain.iterator().next();
            leaves.add(leaf);
            names.add(dnsNames(leaf));
            contexts.add(SslContextBuilder.forServer(new ByteArrayInputStream(files.chains.get(i)),
                            new ByteArrayInputStream(files.keys.get(i)))
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .build());
        }
        DomainWildcardMappingBuilder<SslContext> byName = new DomainWildcardMappingBuilder<>(contexts.get(0));
        // Added last first, so that a name two certificates share goes to the one listed first.
        for (int i = contexts.size() - 1; i >= 0; i--) {
            for (String name : names.get(i)) {
                byName.add(name, contexts.get(i));
            }
        }
        for (int i = 0; i < leaves.size(); i++) {
            LogEvent.info(LOG, "tls_certificate_loaded")
                    .with("file", settings.certificates().get(i).certificateChain()).with("names", names.get(i))
                    .with("notAfter", leaves.get(i).getNotAfter().toInstant())
                    .with("serial", leaves.get(i).getSerialNumber().toString(16)).log();
        }
        return new Loaded(files.digest, byName.build(), List.copyOf(leaves));
    }

    private static List<String> dnsNames(X509Certificate certificate) throws GeneralSecurityException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> alternative : alternatives) {
                if (Integer.valueOf(2).equals(alternative.get(0))) {
                    names.add((String) alternative.get(1));
                }
            }
        }
        return names;
    }

    private record Loaded(byte[] digest, Mapping<String, SslContext> byName, List<X509Certificate> leaves) {
    }

    /** The bytes of every file, and one digest over them all, read at one moment. */
    private record Snapshot(List<byte[]> chains, List<byte[]> keys, byte[] digest) {

        static Snapshot read(List<CertificatePair> pairs) {
            List<byte[]> chains = new ArrayList<>();
            List<byte[]> keys = new ArrayList<>();
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (CertificatePair pair : pairs) {
                try {
                    byte[] chain = Files.readAllBytes(pair.certificateChain());
                    byte[] key = Files.readAllBytes(pair.privateKey());
                    chains.add(chain);
                    keys.add(key);
                    sha256.update(chain);
                    sha256.update(key);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + pair + ": " + e, new UncheckedIOException(e));
                }
            }
            return new Snapshot(chains, keys, sha256.digest());
        }
    }
}
