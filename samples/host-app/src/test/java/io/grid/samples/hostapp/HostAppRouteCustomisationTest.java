package io.grid.samples.hostapp;

import io.grid.contracts.chain.LoopbackPorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.routes.platform.PlatformAssembly;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A host application embeds the starter with one dependency and customises one GRID route. */
class HostAppRouteCustomisationTest {

    @TempDir
    static Path state;

    @Test
    void hostAdvisesTheQuoteStepAndGridStillAnswersTheQuote() throws Exception {
        int port;
        port = LoopbackPorts.free();
        try (ConfigurableApplicationContext host = SpringApplication.run(HostApplication.class,
                "--grid.http.port=" + port,
                "--grid.chain.local.enabled=true",
                "--grid.datasource.url=jdbc:derby:" + state.resolve("db") + ";create=true")) {
            LocalChain chain = host.getBean(LocalChain.class);
            String provider = chain.provider(1).getAddress();
            String quote = "{\"provider\":\"" + provider + "\",\"resources\":" + "{\"cpuMillicores\":1000,"
                    + "\"memoryMib\":512,\"storageGib\":1,\"gpuCount\":0,\"gpuModel\":\"\"},\"durationSeconds\":60}";
            chain.registry(chain.provider(1)).register("acme-cp", "https://cp.example", "", BigInteger.valueOf(4000),
                    BigInteger.valueOf(8192), BigInteger.valueOf(10), BigInteger.ZERO,
                    BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
                    BigInteger.ZERO).send();

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/orders/quote"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(quote)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue(QuoteRouteCustomisation.AUDIT_HEADER)).hasValue("recorded #1");
            assertThat(answer.body()).contains("\"cost\":\"" + (1000 + 512 + 1) * 60 + "\"");
            assertThat(host.getBean(QuoteAudit.class).quotes()).containsExactly(answer.body());
            assertThat(host.getBean(PlatformAssembly.class)).isNotNull();
            assertThat(host.getBean(CamelContext.class).getRoute(QuoteRouteCustomisation.QUOTE_ROUTE).getEndpoint()
                    .getEndpointUri()).isEqualTo("direct://grid-platform-order-quote");
        }
    }
}
