package io.grid.routes.gateway.deploy;

import io.grid.api.Problem;
import io.grid.api.DeployRequest;
import io.grid.api.DeployResult;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.core.refusal.Outage;
import io.grid.core.refusal.OutageException;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.workload.SanitisedWorkload;
import io.grid.core.workload.WorkloadTarget;
import io.grid.core.workload.YamlPolicy;
import io.grid.core.app.AppFailure;
import io.grid.routes.gateway.kube.AppFailed;
import io.grid.routes.gateway.kube.DeployFailure;
import io.grid.routes.gateway.kube.DeployRefusedByCluster;
import io.grid.routes.gateway.kube.DeploymentStatus;
import io.grid.routes.gateway.kube.ReadinessDeadlineExceeded;
import io.grid.routes.gateway.kube.WorkloadDeployer;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.OutboxHandle;
import io.grid.routes.outbox.TransactionOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deploys, shows, replaces and removes the app of an order for its signed-in user. The app comes
 * from the catalog or a YAML URL; {@link YamlPolicy} decides what of it may run and with which
 * resources, {@link WorkloadDeployer} puts it into the order's namespace, and the entrance is
 * recorded for the reverse proxy. Deploying the same app again changes nothing.
 * <p>
 * When the cluster refuses the app (403 and the like: retrying cannot help), nothing of it is left
 * running and the provider refunds the order on chain ({@code Market.refundOrder}, through the
 * provider's outbox): the user gets the whole cost back as credits and the order ends.
 */
public class AppDeployments {

    /** Prefix of {@link LocalOrder#appSource()} for an app from the catalog. */
    public static final String TEMPLATE_SOURCE = "template:";

    private static final Logger LOG = LoggerFactory.getLogger(AppDeployments.class);

    /** Reason of the problem answered when the cluster refused the app. */
    public static final String CLUSTER_REFUSED = "CLUSTER_REFUSED";

    private final OrderBook book;
    private final LocalOrders orders;
    private final Sessions sessions;
    private final YamlSource yaml;
    private final AppCatalog catalog;
    private final YamlPolicy policy;
    private final WorkloadDeployer deployer;
    private final Clock clock;
    private final TransactionOutbox outbox;
    private final Duration refundTimeout;

    /**
     * @param book          the orders on chain (a cancelled order gets no app)
     * @param orders        the orders this gateway accepted
     * @param sessions      checks the user's session
     * @param yaml          reads YAML URLs
     * @param catalog       the app templates
     * @param policy        the YAML policy
     * @param deployer      the cluster
     * @param clock         wall-clock time, for session expiry
     * @param outbox        the provider's chain outbox; refunds of refused apps go out through it
     * @param refundTimeout how long a refused deploy waits for its refund to be mined before answering
     */
    public AppDeployments(OrderBook book, LocalOrders orders, Sessions sessions, YamlSource yaml, AppCatalog catalog,
                          YamlPolicy policy, WorkloadDeployer deployer, Clock clock, TransactionOutbox outbox,
                          Duration refundTimeout) {
        Objects.requireNonNull(outbox, "outbox");
        if (refundTimeout == null || refundTimeout.isNegative() || refundTimeout.isZero()) {
            throw new IllegalArgumentException("refundTimeout must be positive, was " + refundTimeout);
        }
        this.book = book;
        this.orders = orders;
        this.sessions = sessions;
        this.yaml = yaml;
        this.catalog = catalog;
        this.policy = policy;
        this.deployer = deployer;
        this.clock = clock;
        this.outbox = outbox;
        this.refundTimeout = refundTimeout;
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
            AppTemplate template = catalog.find(request.templateId()).orElseThrow(() -> new RefusedException(
                    Refusal.UNKNOWN_TEMPLATE,
                    "the catalog has no app " + request.templateId()));
            if (!order.resources().covers(template.minimum())) {
                throw new RefusedException(Refusal.ORDER_TOO_SMALL, "app " + template.id() + " needs at least "
                        + template.minimum() + ", order " + order.orderId() + " holds " + order.resources());
            }
            source = TEMPLATE_SOURCE + template.id();
            text = template.yaml();
        } else {
            source = request.yamlUrl();
            text = yaml.read(request.yamlUrl());
        }
        SanitisedWorkload workload = policy.sanitise(text, WorkloadTarget.of(order.orderId(), order.resources()));
        DeployResult result;
        try {
            result = apply(order, workload, replace);
        } catch (AppFailed failed) {
            // The app stays as deployed, so that its logs and events can be read and a fixed app redeployed.
            DeployResult deployed = failed.deployed();
            orders.recordApp(order.orderId(), source, deployed.namespace(),
                    deployed.entrance() == null ? null : URI.create(deployed.entrance()));
            LogEvent.info(LOG, "app_deploy_failed").with("order", order.orderId()).with("source", source)
                    .with("reason", failed.failure().reason()).log();
            throw failed;
        }
        orders.recordApp(order.orderId(), source, result.namespace(),
                result.entrance() == null ? null : URI.create(result.entrance()));
        LogEvent.info(LOG, "app_deployed").with("order", order.orderId()).with("source", source)
                .with("entrance", result.entrance()).with("ready", result.ready()).log();
        return result;
    }

    /** The problem a deploy whose app fails for {@code failure} is answered with; its reason is the failure's. */
    public static Problem problemOf(AppFailure failure) {
        String detail = failure.describe();
        if (!failure.lastLogLines().isEmpty()) {
            detail += ". Last log lines: " + String.join(" | ", failure.lastLogLines());
        }
        return Problem.of(failure.reason().httpStatus(), "App fails", failure.reason().name(), detail);
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
        LogEvent.info(LOG, "app_undeployed").with("order", orderId).log();
    }

    private DeployResult apply(LocalOrder order, SanitisedWorkload workload, boolean replace) {
        try {
            return replace ? deployer.redeploy(order.orderId(), order.resources(), workload.objects())
                    : deployer.deploy(order.orderId(), order.resources(), workload.objects());
        } catch (ReadinessDeadlineExceeded notReady) {
            return notReady.deployed();
        } catch (DeployRefusedByCluster refused) {
            boolean tornDown = tearDownRefused(order.orderId());
            throw new OutageException(Outage.CLUSTER_REFUSED,
                    "the provider's cluster refused the app (" + refused.httpStatus() + "); nothing of it runs. "
                            + refund(order, tornDown));
        }
    }

    /** Nothing of a refused deploy may keep running or holding the namespace; false when the teardown failed. */
    private boolean tearDownRefused(BigInteger orderId) {
        try {
            deployer.undeploy(orderId);
            return true;
        } catch (DeployFailure teardownFailed) {
            // The refund must not wait for the cluster: the lifecycle job tears the ended order down later.
            // The lifecycle job retries the teardown.
            LogEvent.warn(LOG, "refused_app_teardown_failed").with("order", orderId)
                    .with("detail", teardownFailed.getMessage()).cause(teardownFailed).log();
            return false;
        }
    }

    /**
     * Refunds the order on chain with the provider's key and waits for the receipt; on success the
     * order is recorded as ended. Returns what the user is told about the refund.
     */
    private String refund(LocalOrder order, boolean tornDown) {
        BigInteger orderId = order.orderId();
        String cancelYourself = "Cancel order " + orderId + " to get back the unserved time.";
        OutboxHandle handle;
        try {
            handle = outbox.submit(book.refundCall(orderId));
        } catch (RuntimeException e) {
            LogEvent.error(LOG, "order_refund_failed").with("order", orderId)
                    .with("detail", "could not queue refundOrder: " + e.getMessage()).cause(e).log();
            return "The refund of order " + orderId + " could not be sent (" + e.getMessage() + "). " + cancelYourself;
        }
        TransactionReceipt receipt;
        try {
            receipt = handle.receipt().get(refundTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LogEvent.error(LOG, "order_refund_failed").with("order", orderId).with("outboxId", handle.outboxId())
                    .with("detail", "not mined within " + refundTimeout).log();
            return "The refund of order " + orderId + " was sent but is not mined after " + refundTimeout.toSeconds()
                    + " s; it stays in the provider's outbox and goes out when the chain answers.";
        } catch (ExecutionException e) {
            LogEvent.error(LOG, "order_refund_failed").with("order", orderId).with("outboxId", handle.outboxId())
                    .cause(e.getCause()).log();
            return "The refund of order " + orderId + " failed (" + e.getCause().getMessage() + "). " + cancelYourself;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LogEvent.error(LOG, "order_refund_failed").with("order", orderId).with("outboxId", handle.outboxId())
                    .with("detail", "interrupted while waiting").log();
            return "The refund of order " + orderId + " was sent; the gateway stopped waiting for it.";
        }
        if (!receipt.isStatusOK()) {
            // Reverted: most likely the user cancelled or the order ended meanwhile; the lifecycle job follows the chain.
            LogEvent.error(LOG, "order_refund_failed").with("order", orderId).with("tx", receipt.getTransactionHash())
                    .with("status", receipt.getStatus()).log();
            return "The refund of order " + orderId + " failed: transaction " + receipt.getTransactionHash()
                    + " was reverted (status " + receipt.getStatus() + "). " + cancelYourself;
        }
        // refundOrder succeeds only by cancelling the order: no need to read it back from chain.
        orders.recordChainState(orderId, OrderState.CANCELLED, order.startedAt());
        if (tornDown) {
            orders.recordTeardown(orderId, clock.instant());
        }
        LogEvent.info(LOG, "order_refunded").with("order", orderId).with("tx", receipt.getTransactionHash())
                .with("amount", order.cost()).log();
        return "Order " + orderId + " was refunded in full: its whole cost of " + order.cost()
                + " token base units is back in your credits, and the order has ended.";
    }

    /** The stored order, if the presented session is its user's. */
    private LocalOrder authorised(BigInteger orderId, String cookieHeader, String authorization) {
        LocalOrder order = orders.find(orderId).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_ORDER,
                "order " + orderId + " is not accepted at this gateway"));
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
            throw new RefusedException(Refusal.ORDER_ENDED,
                    "order " + orderId + " is " + order.state() + " and gets no app");
        }
        return order;
    }
}
