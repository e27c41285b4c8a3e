-- Chain-state cache: what of each provider's capacity its open orders leave free, as read from the registry
-- (capacity minus reservedOf). Listings filter on it. Rows cached before this script start fully free and are
-- corrected on the next refresh.
ALTER TABLE provider ADD COLUMN free_cpu_millicores BIGINT NOT NULL DEFAULT 0;
ALTER TABLE provider ADD COLUMN free_memory_mib BIGINT NOT NULL DEFAULT 0;
ALTER TABLE provider ADD COLUMN free_storage_gib BIGINT NOT NULL DEFAULT 0;
ALTER TABLE provider ADD COLUMN free_gpu_count BIGINT NOT NULL DEFAULT 0;
UPDATE provider SET free_cpu_millicores = cpu_millicores, free_memory_mib = memory_mib,
    free_storage_gib = storage_gib, free_gpu_count = gpu_count;
