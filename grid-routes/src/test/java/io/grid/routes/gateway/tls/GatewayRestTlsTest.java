package io.grid.routes.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.routes.gateway.GatewayRestConfiguration;
import io.grid.routes.gateway.tls.DevelopmentCertificate.KeyType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's REST port (Camel netty-http) over TLS: HTTPS with HSTS, nothing in plain HTTP; and the plain
 * redirect port in front of it.
 */
class GatewayRestTlsTest {

    @TempDir
    Path dir;
    private CertificatePair certificate;
    private ServerTls tls;
    private DefaultCamelContext camel;
    private int port;

    @BeforeEach
    void start() throws Exception {
        certificate = new CertificatePair(dir.resolve("gw.pem"), dir.resolve("gw-key.pem"));
        DevelopmentCertificate.create(certificate, List.of("localhost", "127.0.0.1"), KeyType.EC, Instant.now(),
                Duration.ofDays(1));
        tls = new ServerTls(new TlsSettings(List.of(certificate), Duration.ofHours(1), Duration.ofDays(365), true));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        camel = new DefaultCamelContext();
        camel.addRoutes(new GatewayRestConfiguration("127.0.0.1", port, tls));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                rest("/gateway").get("/catalog").to("direct:catalog");
                from("direct:catalog").routeId("test-catalog").setBody(constant("[]"));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        tls.close();
    }

    @Test
    void servesTheApiOverHttpsWithStrictTransportSecurity() throws Exception {
        HttpResponse<String> response = trusting().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/gateway/catalog")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(response.headers().firstValue("strict-transport-security"))
                .hasValue("max-age=31536000; includeSubDomains");
        assertThat(response.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void answersNothingInPlainHttpOnTheTlsPort() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/gateway/catalog")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void redirectPortSendsEveryRequestToTheSamePathOverHttps() throws Exception {
        try (HttpsRedirectServer redirect = new HttpsRedirectServer(port)) {
            redirect.start(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

            HttpResponse<String> post = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + redirect.port() + "/gateway/greet?x=1")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> followed = trusting().send(HttpRequest.newBuilder(
                    URI.create(post.headers().firstValue("location").orElseThrow().replace("/greet?x=1", "/catalog")))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(post.statusCode()).isEqualTo(308);
            assertThat(post.headers().firstValue("location")).hasValue("https://localhost:" + port + "/gateway/greet?x=1");
            assertThat(followed.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void redirectLeavesTheDefaultPortOutAndRefusesAnUnusableHost() {
        HttpsRedirectServer redirect = new HttpsRedirectServer(443);

        assertThat(redirect.location("7.apps.GW.test:80", "/a?b")).isEqualTo("https://7.apps.gw.test/a?b");
        assertThat(redirect.location("[::1]:80", "/")).isEqualTo("https://[::1]/");
        assertThat(redirect.location("evil.test/x", "/")).isNull();
        assertThat(redirect.location(null, "/")).isNull();
        assertThat(redirect.location("gw.test", "http://other.test/")).isEqualTo("https://gw.test/");
    }

    private HttpClient trusting() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("gw", DevelopmentCertificate.read(certificate.certificateChain()));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
