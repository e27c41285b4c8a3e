package io.grid.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LoopbackPorts;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files over real HTTP from the Camel route, and what it refuses. */
class ConsoleRoutesTest {

    private static CamelContext camel;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port = LoopbackPorts.free();
        Json json = new Json();
        camel = new DefaultCamelContext();
        camel.addRoutes(new ConsoleRoutes(json, new Problems(json), "127.0.0.1", port, new ConsoleAssets(),
                "http://127.0.0.1:9"));
        camel.start();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        camel.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheSinglePageWithAPolicyThatAllowsOnlyItsOwnScripts() throws Exception {
        HttpResponse<String> page = get("/console/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.body()).contains("<title>GRID console</title>", "src=\"console.js\"");
    }

    @Test
    void servesScriptModulesBelowTheConsoleAsJavaScript() throws Exception {
        HttpResponse<String> script = get("/console/pages/deploy.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("personalSign");
    }

    @Test
    void redirectsTheBarePathSoThatRelativeLinksResolve() throws Exception {
        HttpResponse<String> bare = get("/console");

        assertThat(bare.statusCode()).isEqualTo(308);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
    }

    @Test
    void answersWhereAppsOpen() throws Exception {
        HttpResponse<String> settings = get("/console/settings.json");

        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(settings.body()).isEqualTo("{\"appProxyUrl\":\"http://127.0.0.1:9\"}");
    }

    @Test
    void answersAMissingFileWithAProblem() throws Exception {
        HttpResponse<String> missing = get("/console/nothing.js");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(missing.body()).contains("\"reason\":\"NOT_FOUND\"");
    }

    @Test
    void refusesPathsThatLeaveTheConsoleFolder() throws Exception {
        for (String path : new String[] {"/console/..%2Fassets%2Findex.html", "/console/%2e%2e/ConsoleRoutes.class",
                "/console/../../../META-INF/MANIFEST.MF", "/console/ConsoleRoutes.class", "/console/.hidden.js"}) {
            HttpResponse<String> refused = get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void refusesMethodsOtherThanGetAndHead() throws Exception {
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(405);
    }
}
