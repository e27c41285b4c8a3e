package io.grid.routes.gateway.kube;

import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.core.greet.ClusterInventory;
import io.grid.core.log.LogEvent;
import io.grid.core.refusal.RefusedException;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the provider's registered capacity true to its cluster. What the cluster can give GRID's orders is, per
 * quantity, the smaller of the configured allocatable and the nodes' allocatable minus the requests of the pods that are
 * not GRID orders' (those are what the registry's reservations already count). When the registered capacity differs,
 * the registration is updated to it with the registry's {@code update}, sent through the gateway's outbox and signed
 * by the provider's key, at most once per {@code minUpdateInterval}, and logged as {@code registration_updated} with
 * the old and the new capacity. Names, URL and prices stay as registered.
 */
public class RegistrationDrift {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationDrift.class);

    private final LiveInventory inventory;
    private final OrderBook book;
    private final TransactionOutbox outbox;
    private final DataSource outboxDatabase;
    private final Resources configured;
    private final Duration minUpdateInterval;
    private final Clock clock;
    private Instant lastUpdate;

    public RegistrationDrift(LiveInventory inventory, OrderBook book, TransactionOutbox outbox, DataSource outboxDatabase,
                             Resources configured, Duration minUpdateInterval, Clock clock) {
        this.inventory = inventory;
        this.book = book;
        this.outbox = outbox;
        this.outboxDatabase = outboxDatabase;
        this.configured = configured;
        this.minUpdateInterval = minUpdateInterval;
        this.clock = clock;
    }

    /**
     * One check: answers the capacity the registration was updated to, or null when it is true already, the last update
     * is more recent than the minimum interval, or the provider is not registered.
     *
     * @throws io.grid.core.refusal.OutageException CLUSTER_UNAVAILABLE when the cluster cannot be read
     */
    public synchronized Resources check() {
        Provider registered;
        try {
            registered = book.provider(outbox.sender());
        } catch (RefusedException notRegistered) {
            return null;
        }
        ClusterInventory live = inventory.readBesidesOrders();
        Resources target = live.limit(configured, configured.gpuModel());
        Resources old = registered.capacity();
        if (sameCapacity(old, target)) {
            return null;
        }
        Instant now = clock.instant();
        if (lastUpdate != null && Duration.between(lastUpdate, now).compareTo(minUpdateInterval) < 0) {
            LogEvent.debug(LOG, "registration_drift_waiting").with("registered", old).with("cluster", target)
                    .with("nextUpdateAfter", lastUpdate.plus(minUpdateInterval)).log();
            return null;
        }
        Provider updated = new Provider(registered.address(), registered.name(), registered.gatewayUrl(), target,
                registered.prices(), true);
        long outboxId = Transactions.inTransaction(outboxDatabase, c -> outbox.enqueue(c, book.updateTermsCall(updated)));
        outbox.wake();
        lastUpdate = now;
        LogEvent.info(LOG, "registration_updated").with("provider", registered.address()).with("old", old)
                .with("new", target).with("outboxId", outboxId).log();
        return target;
    }

    private static boolean sameCapacity(Resources a, Resources b) {
        return a.cpuMillicores() == b.cpuMillicores() && a.memoryMib() == b.memoryMib() && a.storageGib() == b.storageGib()
                && a.gpuCount() == b.gpuCount() && (a.gpuCount() == 0 || a.gpuModel().equalsIgnoreCase(b.gpuModel()));
    }
}
