package io.grid.routes.http;

import org.apache.camel.builder.RouteBuilder;

/**
 * Base of GRID's HTTP route builders: every failure in their routes is answered with a problem+json
 * body (see {@link Problems}) instead of Camel's default error page.
 */
public abstract class GridRouteBuilder extends RouteBuilder {

    protected final Json json;
    protected final Problems problems;

    protected GridRouteBuilder(Json json, Problems problems) {
        this.json = json;
        this.problems = problems;
    }

    @Override
    public final void configure() throws Exception {
        onException(Throwable.class)
                .handled(true)
                .process(problems::respond);
        routes();
    }

    /** Declares this builder's routes; each has a stable {@code routeId}. */
    protected abstract void routes() throws Exception;

    /** Writes {@code value} as a JSON response with the given status. */
    protected void respond(org.apache.camel.Exchange exchange, int status, Object value) {
        org.apache.camel.Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(org.apache.camel.Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.write(value));
    }
}
