package io.grid.routes.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedChainStateTest {

    private static final Address PROVIDER = Address.of("0x4444444444444444444444444444444444444444");
    private static final Address USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final BigInteger HUGE = BigInteger.TWO.pow(255);

    @TempDir
    Path directory;

    private DataSource dataSource;

    @BeforeEach
    void openDatabase() {
        dataSource = TestDatabase.migrated(directory);
    }

    @Test
    void providerKeepsUint256PricesAndIsReplacedOnSave() {
        ProviderStore providers = new ProviderStore(dataSource, Clock.systemUTC());
        Provider first = new Provider(PROVIDER, "alpha", "https://gw.example", new Resources(4000, 8192, 100, 1, "A100"),
                new UnitPrices(HUGE, BigInteger.ONE, BigInteger.TWO, BigInteger.TEN), true);
        Provider gone = new Provider(PROVIDER, "alpha", "https://gw.example", Resources.of(1, 1, 1),
                UnitPrices.of(1, 1, 1, 1), false);

        providers.save(first);
        assertThat(providers.find(PROVIDER)).contains(first);
        assertThat(providers.active()).containsExactly(first);

        providers.save(gone);
        assertThat(providers.find(PROVIDER)).contains(gone);
        assertThat(providers.active()).isEmpty();
    }

    @Test
    void orderRoundTripsAndLeavesOpenListWhenCompleted() {
        OrderStore orders = new OrderStore(dataSource);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Order open = new Order(HUGE, USER, PROVIDER, Resources.of(500, 512, 1), 3600, HUGE, OrderState.ACTIVE,
                created, created.plusSeconds(5), null, false);
        Order done = new Order(HUGE, USER, PROVIDER, Resources.of(500, 512, 1), 3600, HUGE, OrderState.COMPLETED,
                created, created.plusSeconds(5), created.plusSeconds(3605), true);

        orders.save(open);
        assertThat(orders.find(HUGE)).contains(open);
        assertThat(orders.openByProvider(PROVIDER)).containsExactly(open);

        orders.save(done);
        assertThat(orders.byUser(USER)).containsExactly(done);
        assertThat(orders.openByProvider(PROVIDER)).isEmpty();
    }

    @Test
    void manyWritersCachingTheSameNewOrdersAtOnceAllSucceedAndOneRowRemainsEach() throws Exception {
        OrderStore orders = new OrderStore(dataSource);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        int writers = 6;
        int ids = 40;
        CyclicBarrier together = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            running.add(pool.submit(() -> {
                for (int id = 1; id <= ids; id++) {
                    together.await(10, TimeUnit.SECONDS); // every writer saves order `id` at the same moment
                    orders.save(new Order(BigInteger.valueOf(id), USER, PROVIDER, Resources.of(1, 1, 0), 60,
                            BigInteger.TEN, OrderState.CREATED, created, null, null, false));
                }
                return null;
            }));
        }
        try {
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS); // a StoreException from a duplicate key would surface here
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(orders.byUser(USER)).hasSize(ids);
    }

    @Test
    void twoWritersCachingTheSameNewProviderAtOnceBothSucceed() throws Exception {
        ProviderStore providers = new ProviderStore(dataSource, Clock.systemUTC());
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            running.add(pool.submit(() -> {
                for (int n = 0; n < 30; n++) {
                    Address address = Address.of(String.format("0x%040x", 0x100 + n));
                    together.await(10, TimeUnit.SECONDS);
                    providers.save(new Provider(address, "cp", "https://gw.example", Resources.of(10, 10, 1),
                            UnitPrices.of(1, 1, 1, 1), true));
                }
                return null;
            }));
        }
        try {
            for (Future<?> writer : running) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(providers.active()).hasSize(30);
    }
}
