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
        dataSource = DerbyDatabase.migrated(directory);
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
}
