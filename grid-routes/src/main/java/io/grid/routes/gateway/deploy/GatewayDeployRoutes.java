package io.grid.routes.gateway.deploy;

import io.grid.routes.gateway.kube.AppFailed;
import static io.grid.routes.GridRoutes.*;

import io.grid.api.DeployRequest;
import io.grid.api.DeployResult;
import io.grid.api.Problem;
import io.grid.core.workload.WorkloadRefusedException;
import io.grid.routes.gateway.OrderIds;
import io.grid.routes.gateway.fetch.FetchProblems;
import io.grid.routes.gateway.kube.ClusterUnavailable;
import io.grid.routes.gateway.kube.DeployRefusedByCluster;
import io.grid.routes.gateway.kube.DeploymentStatus;
import io.grid.routes.gateway.kube.ObjectOwnedElsewhere;
import io.grid.routes.http.ApiExamples;
import io.grid.routes.http.BadRequestException;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import org.apache.camel.Exchange;
import org.apache.camel.model.rest.ResponseMessageDefinition;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.List;

/**
 * The gateway's app endpoints. Each needs the order user's session (the gateway's cookie, or
 * {@code Authorization: Bearer} with the token greet type 2 returned):
 * <ul>
 *   <li>{@code POST /gateway/deploy} with a {@code DeployRequest} → {@value #DEPLOY}</li>
 *   <li>{@code PUT /gateway/orders/{orderId}/app} with a {@code DeployRequest} → {@value #REDEPLOY}</li>
 *   <li>{@code GET /gateway/orders/{orderId}/app} → {@value #STATUS}</li>
 *   <li>{@code DELETE /gateway/orders/{orderId}/app} → {@value #UNDEPLOY}</li>
 *   <li>{@code GET /gateway/catalog} (no session) → {@value #CATALOG}</li>
 * </ul>
 * Refused YAML is a 422 listing every violation; a refused URL is the fetch refusal's 4xx; a
 * Kubernetes refusal of a deploy is a 502 {@code CLUSTER_REFUSED} after which the order's namespace is removed
 * and the order is refunded in full on chain (the detail says whether the refund went through).
 */
public class GatewayDeployRoutes extends GridRouteBuilder {

    private final AppDeployments deployments;

    public GatewayDeployRoutes(Json json, Problems problems, AppDeployments deployments) {
        super(json, problems);
        this.deployments = deployments;
        FetchProblems.registerWith(problems);
        problems.register(AppFailed.class, e -> AppDeployments.problemOf(e.failure()));
        problems.register(WorkloadRefusedException.class, e -> Problem.of(422, "Workload refused", "WORKLOAD_REFUSED",
                e.getMessage()).withViolations(e.violations().stream().map(Object::toString).toList()));
        // A refused deploy is answered by AppDeployments with its refund; this covers status and teardown.
        problems.register(DeployRefusedByCluster.class, e -> Problem.of(502, "Cluster refused",
                AppDeployments.CLUSTER_REFUSED, "the provider's cluster refused the request (" + e.httpStatus() + ")"));
        problems.register(ClusterUnavailable.class, e -> Problem.of(503, "Cluster unavailable", "CLUSTER_UNAVAILABLE",
                "the provider's cluster did not answer; try again later"));
        problems.register(ObjectOwnedElsewhere.class, e -> Problem.of(409, "Conflict", "OBJECT_OWNED_ELSEWHERE",
                e.getMessage()));
    }

    @Override
    protected void routes() {
        rest("/gateway")
                .post("/deploy").routeId(restRouteId(GATEWAY_DEPLOY)).type(DeployRequest.class)
                .description("Deploy an app for an order (cookie or bearer of the order's user)")
                .consumes("application/json").produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The app is ready").responseModel(DeployResult.class)
                .example("deployed", ApiExamples.DEPLOYED).endResponseMessage()
                .responseMessage().code(202).message("The app is created and not yet ready; poll its status")
                .responseModel(DeployResult.class)
                .example("deployed", ApiExamples.DEPLOYED).endResponseMessage()
                .responseMessages(deployProblems())
                .to(stepUri(GATEWAY_DEPLOY))
                .put("/orders/{orderId}/app").routeId(restRouteId(GATEWAY_REDEPLOY)).type(DeployRequest.class)
                .description("Replace the order's app")
                .consumes("application/json").produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The app is ready").responseModel(DeployResult.class)
                .example("redeployed", ApiExamples.DEPLOYED).endResponseMessage()
                .responseMessage().code(202).message("The app is created and not yet ready; poll its status")
                .responseModel(DeployResult.class)
                .example("redeployed", ApiExamples.DEPLOYED).endResponseMessage()
                .responseMessages(deployProblems())
                .to(stepUri(GATEWAY_REDEPLOY))
                .get("/orders/{orderId}/app").routeId(restRouteId(GATEWAY_APP_STATUS))
                .description("Status of the order's app")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The app's workloads, pods and failure if any")
                .responseModel(DeploymentStatus.class)
                .example("status", ApiExamples.APP_STATUS).endResponseMessage()
                .responseMessage(problem(400, "INVALID_ORDER_ID"))
                .responseMessage(problem(401, "COOKIE_MISSING, COOKIE_INVALID, COOKIE_EXPIRED"))
                .responseMessage(problem(403, "SESSION_FOR_OTHER_ORDER, NOT_ORDER_USER"))
                .responseMessage(problem(404, "UNKNOWN_ORDER"))
                .responseMessage(problem(503, "CLUSTER_UNAVAILABLE"))
                .to(stepUri(GATEWAY_APP_STATUS))
                .delete("/orders/{orderId}/app").routeId(restRouteId(GATEWAY_UNDEPLOY))
                .description("Remove the order's app")
                .produces("application/problem+json")
                .responseMessage().code(204).message("Removed (no body)").endResponseMessage()
                .responseMessage(problem(400, "INVALID_ORDER_ID"))
                .responseMessage(problem(401, "COOKIE_MISSING, COOKIE_INVALID, COOKIE_EXPIRED"))
                .responseMessage(problem(403, "SESSION_FOR_OTHER_ORDER, NOT_ORDER_USER"))
                .responseMessage(problem(404, "UNKNOWN_ORDER"))
                .responseMessage(problem(502, "CLUSTER_REFUSED"))
                .responseMessage(problem(503, "CLUSTER_UNAVAILABLE"))
                .to(stepUri(GATEWAY_UNDEPLOY))
                .get("/catalog").routeId(restRouteId(GATEWAY_CATALOG)).description("App templates")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The templates a deploy may name")
                .responseModel(AppTemplate.Listing[].class)
                .example("catalog", ApiExamples.CATALOG).endResponseMessage()
                .responseMessage(problem(500, "INTERNAL_ERROR (never expected)"))
               
                .to(stepUri(GATEWAY_CATALOG));

        step(GATEWAY_DEPLOY)
                .process(e -> deploy(e, read(e), false));

        step(GATEWAY_REDEPLOY)
                .process(e -> {
                    DeployRequest request = read(e);
                    if (!request.orderId().equals(OrderIds.of(e))) {
                        throw new BadRequestException("the body names order " + request.orderId()
                                + ", the path order " + OrderIds.of(e));
                    }
                    deploy(e, request, true);
                });

        step(GATEWAY_APP_STATUS)
                .process(e -> respond(e, 200, deployments.status(OrderIds.of(e), cookie(e), authorization(e))));

        step(GATEWAY_UNDEPLOY)
                .process(e -> {
                    BigInteger orderId = OrderIds.of(e);
                    deployments.undeploy(orderId, cookie(e), authorization(e));
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
                    e.getMessage().setBody(new byte[0]);
                });

        step(GATEWAY_CATALOG)
                .process(e -> respond(e, 200, deployments.catalog().listings()));
    }

    /** The refusals of a deploy and of a redeploy, which check the same and do the same. */
    private static List<ResponseMessageDefinition> deployProblems() {
        return List.of(
                problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_ORDER_ID"),
                problem(401, "COOKIE_MISSING, COOKIE_INVALID, COOKIE_EXPIRED"),
                problem(403, "SESSION_FOR_OTHER_ORDER, NOT_ORDER_USER"),
                problem(404, "UNKNOWN_ORDER, UNKNOWN_TEMPLATE"),
                problem(409, "ORDER_NOT_ACCEPTED, OBJECT_OWNED_ELSEWHERE"),
                problem(410, "ORDER_ENDED"),
                problem(422, "WORKLOAD_REFUSED (with the violations), YAML_TOO_LARGE, YAML_UNREADABLE, URL_REFUSED"),
                problem(502, "CLUSTER_REFUSED (the order is refunded), FETCH_FAILED"),
                problem(503, "CLUSTER_UNAVAILABLE, CHAIN_UNAVAILABLE"));
    }

    private DeployRequest read(Exchange exchange) {
        return json.read(exchange.getIn().getBody(InputStream.class), DeployRequest.class);
    }

    private void deploy(Exchange exchange, DeployRequest request, boolean replace) {
        var result = deployments.deploy(request, replace, cookie(exchange), authorization(exchange));
        respond(exchange, result.ready() ? 200 : 202, result);
    }

    private static String cookie(Exchange exchange) {
        return exchange.getIn().getHeader("Cookie", String.class);
    }

    private static String authorization(Exchange exchange) {
        return exchange.getIn().getHeader("Authorization", String.class);
    }
}
