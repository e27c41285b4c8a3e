package io.grid.console;

import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.HttpProblemException;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import org.apache.camel.Exchange;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Message;

/**
 * Serves the web console at {@code /console/} on the same netty-http address as GRID's REST routes, so
 * the pages call the platform's and the gateway's APIs from their own origin. The files come from the
 * jar ({@link ConsoleAssets}); every answer forbids framing and limits scripts to the console's own.
 */
public class ConsoleRoutes extends GridRouteBuilder {

    /** Route id (and the stable name of this route for advice). */
    public static final String ROUTE_ID = "grid-console-assets";
    /** Where the console lives on the HTTP API address. */
    public static final String PATH = "/console";

    /** The console's settings, answered as JSON at {@code /console/settings.json}. */
    static final String SETTINGS = "settings.json";

    static final String SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' http: https:; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'none'";

    private final String host;
    private final int port;
    private final ConsoleAssets assets;
    private final Map<String, Object> settings;

    /**
     * @param host        the HTTP API's bind address ({@code grid.http.host})
     * @param port        the HTTP API's port ({@code grid.http.port})
     * @param assets      the console's files
     * @param appProxyUrl where apps open through the gateway's reverse proxy ({@code http://host:port}), or null
     *                    when this application runs no gateway and none was configured
     */
    public ConsoleRoutes(Json json, Problems problems, String host, int port, ConsoleAssets assets, String appProxyUrl) {
        super(json, problems);
        this.host = host;
        this.port = port;
        this.assets = assets;
        Map<String, Object> known = new LinkedHashMap<>();
        if (appProxyUrl != null) {
            known.put("appProxyUrl", appProxyUrl);
        }
        this.settings = Map.copyOf(known);
    }

    @Override
    protected void routes() {
        from("netty-http:http://" + host + ":" + port + PATH + "?matchOnUriPrefix=true&httpMethodRestrict=GET,HEAD")
                .routeId(ROUTE_ID)
                .process(this::serve);
    }

    private void serve(Exchange exchange) {
        String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, "", String.class);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        if (path.isEmpty()) {
            // "/console" → "/console/", so that the page's relative links resolve below the console.
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 308);
            out.setHeader("Location", PATH + "/");
            out.setBody("");
            return;
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.equals(SETTINGS)) {
            // What the pages cannot learn from the APIs: where this gateway's proxy opens apps.
            respond(exchange, 200, settings);
            out.setHeader("Cache-Control", "no-cache");
            return;
        }
        ConsoleAssets.Asset asset = assets.find(relative)
                .orElseThrow(() -> HttpProblemException.notFound("console file " + PATH + "/" + relative));
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, asset.contentType());
        out.setHeader("Cache-Control", "no-cache");
        out.setHeader("Content-Security-Policy", SECURITY_POLICY);
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setBody(asset.bytes());
    }
}
