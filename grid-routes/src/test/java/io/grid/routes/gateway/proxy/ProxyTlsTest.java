package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.routes.gateway.tls.CertificatePair;
import io.grid.routes.gateway.tls.DevelopmentCertificate;
import io.grid.routes.gateway.tls.DevelopmentCertificate.KeyType;
import io.grid.routes.gateway.tls.ServerTls;
import io.grid.routes.gateway.tls.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy over TLS, on real sockets: protocols and cipher suites refused and accepted, the certificate chosen
 * by SNI, certificate files reloaded while a connection stays open, and what the app is told.
 */
class ProxyTlsTest {

    private static final String REQUEST = "GET /orders/7/app/hello HTTP/1.1\r\nHost: gw.test\r\n\r\n";

    @TempDir
    Path dir;
    private CertificatePair main;
    private CertificatePair wildcard;
    private ServerTls tls;
    private AppBackend app;
    private ProxyServer proxy;

    @BeforeEach
    void start() throws IOException {
        main = new CertificatePair(dir.resolve("main.pem"), dir.resolve("main-key.pem"));
        wildcard = new CertificatePair(dir.resolve("apps.pem"), dir.resolve("apps-key.pem"));
        DevelopmentCertificate.create(main, List.of("localhost", "127.0.0.1"), KeyType.EC, Instant.now(),
                Duration.ofDays(1));
        DevelopmentCertificate.create(wildcard, List.of("*.apps.gw.test"), KeyType.RSA, Instant.now(),
                Duration.ofDays(1));
        tls = new ServerTls(new TlsSettings(List.of(main, wildcard), Duration.ofHours(1), null, false));
        app = new AppBackend();
        proxy = new ProxyServer(ProxySettings.defaults("grid").withWildcardDomain("gw.test"),
                (order, cookie, bearer, now) -> ProxyAccess.Decision.allowed(app.entrance()), Clock.systemUTC(), tls);
        proxy.start(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        proxy.close();
        app.close();
        tls.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void acceptsTls12And13AndTellsTheAppTheClientCameOverHttps(String protocol) throws Exception {
        try (SSLSocket socket = connect(null, protocol); RawHttp http = new RawHttp(socket)) {
            http.send(REQUEST);
            RawHttp.Response response = http.read();

            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(response.status()).isEqualTo(200);
            assertThat(app.last().header("x-forwarded-proto")).isEqualTo("https");
        }
    }

    @Test
    void refusesAClientThatOffersTls11AtMost() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(tls11ClientHello());
            byte[] answer = socket.getInputStream().readNBytes(7);

            // A TLS record of type alert (21), fatal (2), protocol_version (70): no handshake, no HTTP.
            assertThat(answer).containsExactly(21, answer[1], answer[2], 0, 2, 2, 70);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void refusesTls12WithoutForwardSecrecy() {
        assertThatThrownBy(() -> {
            try (SSLSocket socket = connect("7.apps.gw.test", "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256")) {
                socket.startHandshake();
            }
        }).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void choosesTheWildcardCertificateForAnOrderHostAndTheFirstOtherwise() throws Exception {
        assertThat(served("7.apps.gw.test")).isEqualTo(DevelopmentCertificate.read(wildcard.certificateChain()));
        assertThat(served("12.apps.gw.test")).isEqualTo(DevelopmentCertificate.read(wildcard.certificateChain()));
        assertThat(served("localhost")).isEqualTo(DevelopmentCertificate.read(main.certificateChain()));
        assertThat(served(null)).isEqualTo(DevelopmentCertificate.read(main.certificateChain()));
    }

    @Test
    void servesChangedCertificateFilesToNewConnectionsWhileAnOpenOneGoesOn() throws Exception {
        X509Certificate before = DevelopmentCertificate.read(main.certificateChain());
        try (SSLSocket open = connect("localhost", "TLSv1.3"); RawHttp http = new RawHttp(open)) {
            http.send(REQUEST);
            assertThat(http.read().status()).isEqualTo(200);

            DevelopmentCertificate.create(main, List.of("localhost"), KeyType.RSA, Instant.now(), Duration.ofDays(2));
            assertThat(tls.reloadIfChanged()).isTrue();
            X509Certificate after = DevelopmentCertificate.read(main.certificateChain());

            assertThat(after).isNotEqualTo(before);
            assertThat(served("localhost")).isEqualTo(after);
            http.send(REQUEST);
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(before);
        }
    }

    @Test
    void keepsServingTheLoadedCertificateWhenTheNewFilesDoNotLoad() throws Exception {
        X509Certificate before = DevelopmentCertificate.read(main.certificateChain());
        Files.writeString(main.privateKey(), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");

        assertThat(tls.reloadIfChanged()).isFalse();
        assertThat(served("localhost")).isEqualTo(before);
    }

    @Test
    void usesTheDevelopmentCertificateMadeAtFirstStartAgainAtTheNext() throws Exception {
        Path devDir = dir.resolve("dev");
        CertificatePair first = DevelopmentCertificate.loadOrCreate(devDir, List.of("localhost"), Clock.systemUTC());
        X509Certificate made = DevelopmentCertificate.read(first.certificateChain());

        CertificatePair second = DevelopmentCertificate.loadOrCreate(devDir, List.of("localhost"), Clock.systemUTC());

        assertThat(DevelopmentCertificate.read(second.certificateChain())).isEqualTo(made);
        assertThat(Files.getPosixFilePermissions(second.privateKey()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (ServerTls loaded = new ServerTls(TlsSettings.of(second))) {
            assertThat(loaded.servedCertificates()).containsExactly(made);
        }
    }

    private X509Certificate served(String sni) throws Exception {
        try (SSLSocket socket = connect(sni, "TLSv1.3")) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** A TLS socket to the proxy trusting both test certificates, with SNI {@code sni} (none when null). */
    private SSLSocket connect(String sni, String protocol, String... cipherSuites) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("main", DevelopmentCertificate.read(main.certificateChain()));
        trusted.setCertificateEntry("apps", DevelopmentCertificate.read(wildcard.certificateChain()));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                proxy.port());
        socket.setSoTimeout(15_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (cipherSuites.length > 0) {
            parameters.setCipherSuites(cipherSuites);
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    /**
     * A ClientHello written byte for byte whose highest version is TLS 1.1 (no supported_versions extension),
     * offering the TLS 1.0/1.1 CBC suites: what an old client sends. The JDK's own client refuses to send it.
     */
    private static byte[] tls11ClientHello() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {3, 2});
        body.write(new byte[32]);
        body.write(0);
        byte[] suites = {(byte) 0xc0, 0x09, (byte) 0xc0, 0x0a, (byte) 0xc0, 0x13, (byte) 0xc0, 0x14, 0x00, 0x2f,
            0x00, 0x35};
        body.write(new byte[] {0, (byte) suites.length});
        body.write(suites);
        body.write(new byte[] {1, 0});
        byte[] extensions = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};
        body.write(new byte[] {0, (byte) extensions.length});
        body.write(extensions);
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(new byte[] {0x16, 3, 1, 0, (byte) (hello.length + 4), 1, 0, 0, (byte) hello.length});
        record.write(hello);
        return record.toByteArray();
    }

}
