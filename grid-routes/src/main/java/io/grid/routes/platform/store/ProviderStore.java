package io.grid.routes.platform.store;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.routes.store.Transactions;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Cache of the providers registered on chain; the registry contract stays the source of truth. */
public class ProviderStore {

    private static final String COLUMNS = "address, name, gateway_url, cpu_millicores, memory_mib, storage_gib, "
            + "gpu_count, gpu_model, price_cpu, price_memory, price_storage, price_gpu, active, free_cpu_millicores, "
            + "free_memory_mib, free_storage_gib, free_gpu_count";

    private final DataSource dataSource;
    private final Clock clock;

    public ProviderStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Stores the provider as read from the chain, replacing what was cached for its address. */
    public void save(Provider provider) {
        Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE provider SET name = ?, gateway_url = ?, "
                    + "cpu_millicores = ?, memory_mib = ?, storage_gib = ?, gpu_count = ?, gpu_model = ?, price_cpu = ?, "
                    + "price_memory = ?, price_storage = ?, price_gpu = ?, active = ?, free_cpu_millicores = ?, "
                    + "free_memory_mib = ?, free_storage_gib = ?, free_gpu_count = ?, updated_at = ? WHERE address = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO provider (" + COLUMNS
                         + ", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(clock.instant());
                bindValues(update, 1, provider, now);
                update.setString(18, provider.address().value());
                insert.setString(1, provider.address().value());
                bindValues(insert, 2, provider, now);
                Transactions.replace(c, update, insert);
            }
            return null;
        });
    }

    /** Binds every column but the address, in {@link #COLUMNS} order and then updated_at, from {@code first} on. */
    private static void bindValues(PreparedStatement statement, int first, Provider provider, Timestamp updatedAt)
            throws SQLException {
        Resources capacity = provider.capacity();
        UnitPrices prices = provider.prices();
        Resources free = provider.free();
        int i = first;
        statement.setString(i++, provider.name());
        statement.setString(i++, provider.gatewayUrl());
        statement.setLong(i++, capacity.cpuMillicores());
        statement.setLong(i++, capacity.memoryMib());
        statement.setLong(i++, capacity.storageGib());
        statement.setLong(i++, capacity.gpuCount());
        statement.setString(i++, capacity.gpuModel());
        statement.setString(i++, prices.perCpuMillicore().toString());
        statement.setString(i++, prices.perMemoryMib().toString());
        statement.setString(i++, prices.perStorageGib().toString());
        statement.setString(i++, prices.perGpu().toString());
        statement.setBoolean(i++, provider.active());
        statement.setLong(i++, free.cpuMillicores());
        statement.setLong(i++, free.memoryMib());
        statement.setLong(i++, free.storageGib());
        statement.setLong(i++, free.gpuCount());
        statement.setTimestamp(i, updatedAt);
    }

    /** The cached provider with this address. */
    public Optional<Provider> find(Address address) {
        return select("SELECT " + COLUMNS + " FROM provider WHERE address = ?", address.value()).stream().findFirst();
    }

    /** Every cached provider that has not deregistered, by address. */
    public List<Provider> active() {
        return select("SELECT " + COLUMNS + " FROM provider WHERE active = ? ORDER BY address", Boolean.TRUE);
    }

    private List<Provider> select(String sql, Object... parameters) {
        return Transactions.query(dataSource, sql, ProviderStore::read, parameters);
    }

    private static Provider read(ResultSet rows) throws SQLException {
        Resources capacity = new Resources(rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7),
                rows.getString(8));
        UnitPrices prices = new UnitPrices(new BigInteger(rows.getString(9)), new BigInteger(rows.getString(10)),
                new BigInteger(rows.getString(11)), new BigInteger(rows.getString(12)));
        long freeGpus = rows.getLong(17);
        Resources free = new Resources(rows.getLong(14), rows.getLong(15), rows.getLong(16), freeGpus,
                freeGpus > 0 ? capacity.gpuModel() : "");
        return new Provider(Address.of(rows.getString(1)), rows.getString(2), rows.getString(3), capacity, free, prices,
                rows.getBoolean(13));
    }
}
