package io.grid.routes.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.routes.platform.store.TestDatabase;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOrdersRaceTest {

    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address PROVIDER = Address.of("0x4444444444444444444444444444444444444444");

    @Test
    void concurrentGreetsStoringTheSameOrderInsertItOnceAndNeitherFails(@TempDir Path directory) throws Exception {
        DataSource database = TestDatabase.inSchema(directory, "GRID_GATEWAY");
        GatewaySchema.migrate(database);
        LocalOrders orders = new LocalOrders(database);
        int greets = 4;
        int ids = 30;
        AtomicIntegerArray inserted = new AtomicIntegerArray(ids + 1);
        CyclicBarrier together = new CyclicBarrier(greets);
        ExecutorService pool = Executors.newFixedThreadPool(greets);
        List<Future<?>> running = new ArrayList<>();
        for (int g = 0; g < greets; g++) {
            running.add(pool.submit(() -> {
                for (int id = 1; id <= ids; id++) {
                    Order order = new Order(BigInteger.valueOf(id), USER, PROVIDER, Resources.of(1, 1, 0), 60,
                            BigInteger.TEN, OrderState.ACTIVE, Instant.EPOCH, Instant.EPOCH, null, false);
                    together.await(10, TimeUnit.SECONDS); // every greet stores order `id` at the same moment
                    boolean now = Transactions.inTransaction(database, c -> orders.insertAccepting(c, order, null));
                    if (now) {
                        inserted.incrementAndGet(id);
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> greet : running) {
                greet.get(60, TimeUnit.SECONDS); // a duplicate key escaping as an exception would surface here
            }
        } finally {
            pool.shutdownNow();
        }

        for (int id = 1; id <= ids; id++) {
            assertThat(inserted.get(id)).as("greets that inserted order %d", id).isEqualTo(1);
        }
    }
}
