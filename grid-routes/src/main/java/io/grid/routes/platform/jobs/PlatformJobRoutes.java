package io.grid.routes.platform.jobs;

import static io.grid.routes.GridRoutes.*;

import io.grid.routes.chain.ChainUnavailableException;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.platform.PlatformClustering;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.service.GatewayProbes;
import io.grid.routes.platform.transfers.PollResult;
import io.grid.routes.platform.transfers.TransferConfirmations;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's scheduled work on camel-quartz (stateful jobs: a pass never overlaps the previous one):
 * <ul>
 *   <li>{@code platform-transfer-confirmations}: one transfer confirmation cycle, via
 *       {@code direct:grid-platform-transfer-confirmations};</li>
 *   <li>{@code platform-order-lifecycle}: orders past their end are completed and settled on chain, via
 *       {@code direct:grid-platform-order-lifecycle} (its body afterwards: the {@link OrderLifecycle.Pass});</li>
 *   <li>{@code platform-outbox-pass}: one outbox pass (sign, send, receipts, re-sends), via
 *       {@code direct:grid-platform-outbox-pass};</li>
 *   <li>{@code platform-gateway-probe}: every registered provider's gateway probed on {@code GET /health}, via
 *       {@code direct:grid-platform-gateway-probe} (its body afterwards: the {@link GatewayProbes.Pass}).</li>
 * </ul>
 * A pass that cannot reach the chain node is logged and left to the next one; nothing is lost, the work stays in
 * the database.
 *
 * <p>With {@link #clustered(PlatformClustering)} several replicas share the work: the lifecycle job runs on Quartz's
 * clustered JDBC job store (each firing on one replica), the confirmation poller is a timer route started only on
 * the elected leader (Camel's {@link ClusteredRoutePolicy}), and the outbox pass is a timer on every replica that
 * sends only on the leader (the outbox checks its fence at each pass and before each signature).
 */
public class PlatformJobRoutes extends GridRouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformJobRoutes.class);

    private final TransferConfirmations confirmations;
    private final OrderLifecycle lifecycle;
    private final TransactionOutbox outbox;
    private final PlatformSettings settings;
    private final GatewayProbes probes;
    private volatile PlatformClustering clustering = PlatformClustering.singleNode();

    public PlatformJobRoutes(Json json, Problems problems, TransferConfirmations confirmations,
                             OrderLifecycle lifecycle, TransactionOutbox outbox, PlatformSettings settings,
                             GatewayProbes probes) {
        super(json, problems);
        this.probes = probes;
        this.confirmations = confirmations;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.settings = settings;
    }

    /** Shares the jobs with other replicas (call before the routes are added). */
    public void clustered(PlatformClustering clustering) {
        this.clustering = clustering == null ? PlatformClustering.singleNode() : clustering;
    }

    @Override
    protected void routes() throws Exception {
        PlatformClustering cluster = clustering;
        if (cluster.jobStore() != null) {
            cluster.jobStore().applyTo(getCamelContext().getComponent("quartz", QuartzComponent.class));
        }
        if (cluster.elected()) {
            if (!getCamelContext().hasService(cluster.service())) {
                getCamelContext().addService(cluster.service(), true, true);
            }
            from(local("transfer-confirmations", settings.confirmationInterval()))
                    .routeId(timerRouteId(PLATFORM_TRANSFER_CONFIRMATIONS))
                    .routePolicy(ClusteredRoutePolicy.forNamespace(cluster.service(), cluster.namespace()))
                    .to(stepUri(PLATFORM_TRANSFER_CONFIRMATIONS));
        } else {
            from(every("transfer-confirmations", settings.confirmationInterval()))
                    .routeId(timerRouteId(PLATFORM_TRANSFER_CONFIRMATIONS))
                    .to(stepUri(PLATFORM_TRANSFER_CONFIRMATIONS));
        }
        step(PLATFORM_TRANSFER_CONFIRMATIONS)
                .process(e -> run("transfer_confirmations", () -> {
                    PollResult result = confirmations.poll();
                    if (result.confirmed() + result.dropped() + result.credited() > 0) {
                        LogEvent.info(LOG, "transfers_polled").with("head", result.head())
                                .with("confirmed", result.confirmed()).with("dropped", result.dropped())
                                .with("credited", result.credited()).log();
                    }
                    return result;
                }));

        from(every("order-lifecycle", settings.lifecycleInterval()))
                .routeId(timerRouteId(PLATFORM_ORDER_LIFECYCLE))
                .to(stepUri(PLATFORM_ORDER_LIFECYCLE));
        step(PLATFORM_ORDER_LIFECYCLE)
                // The body afterwards is the pass's OrderLifecycle.Pass (null when the chain was away), for observers.
                .process(e -> e.getMessage().setBody(run("order_lifecycle", lifecycle::run)));

        from(cluster.elected() ? local("outbox-pass", settings.outboxInterval())
                : every("outbox-pass", settings.outboxInterval()))
                .routeId(timerRouteId(PLATFORM_OUTBOX_PASS))
                .to(stepUri(PLATFORM_OUTBOX_PASS));
        step(PLATFORM_OUTBOX_PASS)
                .process(e -> run("outbox_pass", outbox::pass));

        from(every("gateway-probe", settings.gatewayProbe().interval()))
                .routeId(timerRouteId(PLATFORM_GATEWAY_PROBE))
                .to(stepUri(PLATFORM_GATEWAY_PROBE));
        step(PLATFORM_GATEWAY_PROBE)
                // The body afterwards is the pass's GatewayProbes.Pass (null when the chain was away), for observers.
                .process(e -> e.getMessage().setBody(run("gateway_probe", probes::probeAll)));
    }

    private String every(String name, Duration interval) {
        // On the clustered store the trigger is the cluster's: a replica that stops must not delete it.
        return "quartz://grid-platform/" + name + "?trigger.repeatInterval=" + interval.toMillis()
                + "&trigger.repeatCount=-1&stateful=true" + (clustering.jobStore() != null ? "&deleteJob=false" : "");
    }

    /** A timer of this replica alone (one thread, so passes never overlap). */
    private static String local(String name, Duration interval) {
        return "timer:grid-platform-" + name + "?period=" + interval.toMillis();
    }

    private static <T> T run(String job, Supplier<T> work) {
        try {
            return work.get();
        } catch (ChainUnavailableException e) {
            // The node is away; the pending work is in the database and the next pass takes it up.
            LogEvent.warn(LOG, "job_deferred").with("job", job).with("error", e.getMessage()).log();
            return null;
        }
    }
}
