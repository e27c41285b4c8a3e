package io.grid.routes.gateway.deploy;

import io.grid.api.DeployRequest;
import io.grid.api.DeployResult;
import io.grid.api.Order;
import io.grid.api.Problem;
import io.grid.core.workload.SanitisedWorkload;
import io.grid.core.workload.WorkloadTarget;
import io.grid.core.workload.YamlPolicy;
import io.grid.routes.gateway.kube.DeployRefusedByCluster;
import io.grid.routes.gateway.kube.DeploymentStatus;
import io.grid.routes.gateway.kube.ReadinessDeadlineExceeded;
import io.grid.routes.gateway.kube.WorkloadDeployer;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.http.HttpProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;

/**
 * Deploys, shows, replaces and removes the app of an order for its signed-in user. The app comes
 * from the catalog or a YAML URL; {@link YamlPolicy} decides what of it may run and with which
 * resources, {@link WorkloadDeployer} puts it into the order's namespace, and the entrance is
 * recorded for the reverse proxy. Deploying the same app again changes nothing.
 */
public class AppDeployments {

    /** Prefix of {@link LocalOrder#appSource()} for an app from the catalog. */
    public static final String TEMPLATE_SOURCE = "template:";

    private static final Logger LOG = LoggerFactory.getLogger(AppDeployments.class);

    private final OrderBook book;
    private final LocalOrders orders;
    private final Sessions sessions;
    private final YamlSource yaml;
    private final AppCatalog catalog;
    private final YamlPolicy policy;
    private final WorkloadDeployer deployer;
    private final Clock clock;

    /**
     * @param book     the orders on chain (a cancelled order gets no app)
     * @param orders   the orders this gateway accepted
     * @param sessions checks the user's session
     * @param yaml     reads YAML URLs
     * @param catalog  the app templates
     * @param policy   the YAML policy
     * @param deployer the cluster
     * @param clock    wall-clock time, for session expiry
     */
    public AppDeployments(OrderBook book, LocalOrders orders, Sessions sessions, YamlSource yaml, AppCatalog catalog,
                          YamlPolicy policy, WorkloadDeployer deployer, Clock clock) {
        this.book = book;
        this.orders = orders;
        this.sessions = sessions;
        this.yaml = yaml;
        this.catalog = catalog;
        this.policy = policy;
        this.deployer = deployer;
        this.clock = clock;
    }

    /** The catalog's templates. */
    public AppCatalog catalog() {
        return catalog;
    }

    /**
     * Deploys the requested app for the order, or updates it in place; with {@code replace}, objects
     * of the previous app that the new one lacks are removed.
     *
     * @return what was deployed; {@code ready == false} when its workloads were not ready in time (the
     *     entrance is recorded anyway, the app may still come up)
     */
    public DeployResult deploy(DeployRequest request, boolean replace, String cookieHeader, String authorization) {
        LocalOrder order = servableFor(request.orderId(), cookieHeader, authorization);
        String source;
        String text;
        if (request.templateId() != null && !request.templateId().isBlank()) {
            AppTemplate template = catalog.find(request.templateId()).orElseThrow(() -> new HttpProblemException(
                    Problem.of(404, "Not found", "UNKNOWN_TEMPLATE", "the catalog has no app " + request.templateId())));
            if (!order.resources().covers(template.minimum())) {
                throw HttpProblemException.conflict("ORDER_TOO_SMALL", "app " + template.id() + " needs at least "
                        + template.minimum() + ", order " + order.orderId() + " holds " + order.resources());
            }
            source = TEMPLATE_SOURCE + template.id();
            text = template.yaml();
        } else {
            source = request.yamlUrl();
            text = yaml.read(request.yamlUrl());
        }
        SanitisedWorkload workload = policy.sanitise(text, WorkloadTarget.of(order.orderId(), order.resources()));
        DeployResult result = apply(order, workload, replace);
        orders.recordApp(order.orderId(), source, result.namespace(),
                result.entrance() == null ? null : URI.create(result.entrance()));
        LOG.info("event=app_deployed order={} source={} entrance={} ready={}", order.orderId(), source,
                result.entrance(), result.ready());
        return result;
    }

    /** What the order's app is doing now. */
    public DeploymentStatus status(BigInteger orderId, String cookieHeader, String authorization) {
        authorised(orderId, cookieHeader, authorization);
        return deployer.status(orderId);
    }

    /** Removes the order's app and namespace; removing what is gone succeeds. */
    public void undeploy(BigInteger orderId, String cookieHeader, String authorization) {
        authorised(orderId, cookieHeader, authorization);
        deployer.undeploy(orderId);
        orders.clearApp(orderId);
        LOG.info("event=app_undeployed order={}", orderId);
    }

    private DeployResult apply(LocalOrder order, SanitisedWorkload workload, boolean replace) {
        try {
            return replace ? deployer.redeploy(order.orderId(), order.resources(), workload.objects())
                    : deployer.deploy(order.orderId(), order.resources(), workload.objects());
        } catch (ReadinessDeadlineExceeded notReady) {
            return notReady.deployed();
        } catch (DeployRefusedByCluster refused) {
            // Nothing of a refused deploy may keep running or holding the namespace.
            deployer.undeploy(order.orderId());
            throw refused;
        }
    }

    /** The stored order, if the presented session is its user's. */
    private LocalOrder authorised(BigInteger orderId, String cookieHeader, String authorization) {
        LocalOrder order = orders.find(orderId).orElseThrow(() -> new HttpProblemException(Problem.of(404,
                "Not found", "UNKNOWN_ORDER", "order " + orderId + " is not accepted at this gateway")));
        sessions.authorise(order, cookieHeader, authorization, clock.instant());
        return order;
    }

    /** The stored order, if the session is its user's and the order is still being served (as on chain now). */
    private LocalOrder servableFor(BigInteger orderId, String cookieHeader, String authorization) {
        LocalOrder order = authorised(orderId, cookieHeader, authorization);
        Order onChain = book.order(orderId).orElseThrow();
        if (onChain.state() != order.state()) {
            order = orders.recordChainState(orderId, onChain.state(), onChain.startedAt());
        }
        if (!order.servable(book.now())) {
            throw new HttpProblemException(Problem.of(410, "Gone", "ORDER_ENDED",
                    "order " + orderId + " is " + order.state() + " and gets no app"));
        }
        return order;
    }
}
