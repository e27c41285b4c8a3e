package io.grid.routes.http;

import io.grid.api.Problem;
import io.grid.routes.GridRoutes;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.ResponseMessageDefinition;

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
        // The OpenAPI document names each operation by its REST route's id (operationId), as the README and the
        // metrics do, instead of Camel's generated verb1, verb2...; an operation that lists no responses gets a
        // described default one (OpenAPI requires the description).
        getRestCollection().getRests().forEach(rest -> rest.getVerbs().forEach(verb -> {
            if (verb.getId() == null && verb.getRouteId() != null) {
                verb.setId(verb.getRouteId());
            }
            if (verb.getResponseMsgs() != null) {
                verb.getResponseMsgs().forEach(answer -> answer.setResponseModel(binaryName(answer.getResponseModel())));
            }
            if (verb.getResponseMsgs() == null || verb.getResponseMsgs().isEmpty()) {
                ResponseMessageDefinition answer = new ResponseMessageDefinition(verb);
                answer.setCode("default");
                answer.setMessage("The JSON answer; a refusal is application/problem+json with a reason code");
                verb.setResponseMsgs(new ArrayList<>(List.of(answer)));
            }
        }));
    }

    /**
     * The name Camel can load a response model by: {@code responseModel(Class)} keeps the canonical name, which for a
     * nested type ({@code Credits.Purchase}) is not a class name; this gives its binary name ({@code Credits$Purchase}).
     */
    private static String binaryName(String model) {
        if (model == null) {
            return null;
        }
        String array = model.endsWith("[]") ? "[]" : "";
        String name = model.substring(0, model.length() - array.length());
        String candidate = name;
        while (candidate.indexOf('.') > 0) {
            try {
                Class.forName(candidate, false, GridRouteBuilder.class.getClassLoader());
                return candidate + array;
            } catch (ClassNotFoundException e) {
                int dot = candidate.lastIndexOf('.');
                candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
            }
        }
        return model;
    }

    /** Declares this builder's routes; each has a stable {@code routeId}. */
    protected abstract void routes() throws Exception;

    /**
     * Starts the route of {@code step} (one of {@link GridRoutes}): consumes {@code direct:step} under the route id
     * {@code step}, so that the endpoint's name and the route id are one.
     */
    protected RouteDefinition step(String step) {
        return from(GridRoutes.stepUri(step)).routeId(step);
    }

    /**
     * The documented refusal {@code status} of an operation: a problem+json answer whose {@code reason} is one of
     * {@code reasons} (as the OpenAPI document lists them, "Problem: " and the reasons).
     */
    protected static ResponseMessageDefinition problem(int status, String reasons) {
        return new ResponseMessageDefinition().code(status).message("Problem: " + reasons).responseModel(Problem.class);
    }

    /** Writes {@code value} as a JSON response with the given status. */
    protected void respond(org.apache.camel.Exchange exchange, int status, Object value) {
        org.apache.camel.Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(org.apache.camel.Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(org.apache.camel.Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.write(value));
    }
}
