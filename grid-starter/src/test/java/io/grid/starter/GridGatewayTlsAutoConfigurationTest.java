package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LoopbackPorts;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.gateway.access.GatewayProxy;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.tls.DevelopmentCertificate;
import io.grid.routes.gateway.tls.HttpsRedirectServer;
import io.grid.routes.gateway.tls.ServerTls;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code grid.gateway.tls.*}: the gateway's proxy over HTTPS, a Secure cookie, the redirect port. */
class GridGatewayTlsAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, GridChainAutoConfiguration.class,
                    GridKubernetesAutoConfiguration.class, GridGatewayAutoConfiguration.class));

    @Test
    void servesTheProxyOverTlsWithTheDevelopmentCertificateAndMakesTheCookieSecure() {
        int httpPort = LoopbackPorts.free();
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true",
                        "grid.kubernetes.simulated=true",
                        "grid.http.port=" + httpPort, "grid.gateway.proxy-port=" + LoopbackPorts.free(),
                        "grid.gateway.database-url=jdbc:derby:" + dir.resolve("gateway") + ";create=true",
                        "grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"),
                        "grid.gateway.tls.enabled=true", "grid.gateway.tls.development-certificate=true",
                        "grid.gateway.tls.development-directory=" + dir.resolve("tls"),
                        "grid.gateway.tls.redirect-port=" + LoopbackPorts.free())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ServerTls.class);
                    Sessions sessions = context.getBean(Sessions.class);
                    Instant now = Instant.now();

                    assertThat(sessions.setCookie("t", now.plusSeconds(60), now)).endsWith("; Secure");
                    assertThat(context.getBean(GatewaySettings.class).publicUrl().getScheme()).isEqualTo("https");
                    assertThat(httpsStatusLine(context.getBean(GatewayProxy.class).port(),
                            dir.resolve("tls/development-certificate.pem"))).startsWith("HTTP/1.1 401");
                    assertThat(redirectLocation(context.getBean(HttpsRedirectServer.class).port()))
                            .isEqualTo("location: https://127.0.0.1:" + httpPort + "/orders/1/app/");
                });
    }

    @Test
    void refusesToStartTlsWithoutCertificateFilesUnlessADevelopmentCertificateIsAsked() {
        runner.withPropertyValues("grid.gateway.enabled=true", "grid.chain.local.enabled=true",
                        "grid.kubernetes.simulated=true",
                        "grid.http.port=" + LoopbackPorts.free(), "grid.gateway.proxy-port=" + LoopbackPorts.free(),
                        "grid.gateway.database-url=jdbc:derby:" + dir.resolve("gateway2") + ";create=true",
                        "grid.gateway.cookie-key-file=" + dir.resolve("cookie.key"),
                        "grid.gateway.tls.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("grid.gateway.tls.certificate-file"));
    }

    /** The status line of a GET over TLS to the proxy, trusting only the development certificate. */
    private static String httpsStatusLine(int port, Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("dev", DevelopmentCertificate.read(certificate));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /orders/1/app/ HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static String redirectLocation(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /orders/1/app/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            return in.lines().filter(line -> line.toLowerCase().startsWith("location:")).findFirst().orElse("")
                    .toLowerCase();
        }
    }
}
