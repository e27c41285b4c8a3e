-- The provider gateway's own tables, migrated by GatewaySchema with its own history table
-- (gateway_schema_history). The gateway's DataSource has a default schema of its own (Derby: connect
-- as user GRID_GATEWAY; PostgreSQL: currentSchema=grid_gateway), so that these tables and the
-- platform's can live in one database without clashing.

-- Orders this gateway accepted, as last seen on chain, with the app deployed for them.
CREATE TABLE gateway_order (
    order_id          VARCHAR(78)  NOT NULL PRIMARY KEY,
    user_address      VARCHAR(42)  NOT NULL,
    cpu_millicores    BIGINT       NOT NULL,
    memory_mib        BIGINT       NOT NULL,
    storage_gib       BIGINT       NOT NULL,
    gpu_count         BIGINT       NOT NULL,
    gpu_model         VARCHAR(64)  NOT NULL,
    duration_seconds  BIGINT       NOT NULL,
    cost              VARCHAR(78)  NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    created_at        TIMESTAMP    NOT NULL,
    started_at        TIMESTAMP,
    accept_outbox_id  BIGINT,
    app_source        VARCHAR(2048),
    namespace_name    VARCHAR(63),
    entrance          VARCHAR(512),
    settle_outbox_id  BIGINT,
    torn_down_at      TIMESTAMP
);
CREATE INDEX gateway_order_open ON gateway_order (torn_down_at);

-- The gateway's chain outbox (acceptOrder, completeOrder, refundOrder with the provider's key) comes from
-- db/grid-outbox, shared with the platform.

