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

-- The gateway's own chain outbox (acceptOrder, completeOrder with the provider's key), in the layout
-- io.grid.routes.platform.store.ChainOutbox reads.

-- The next account nonce per sending account, the lock that serialises nonce allocation.
CREATE TABLE chain_nonce (
    sender           VARCHAR(42)  NOT NULL PRIMARY KEY,
    next_nonce       BIGINT       NOT NULL
);

-- Outbox ids come from this counter row rather than an identity column, because Derby's identity
-- generator refuses concurrent inserts with lock time-outs (its nested system transaction cannot wait).
CREATE TABLE chain_sequence (
    name             VARCHAR(32)  NOT NULL PRIMARY KEY,
    next_value       BIGINT       NOT NULL
);
INSERT INTO chain_sequence (name, next_value) VALUES ('chain_outbox', 1);

-- Every transaction, stored signed before it is sent.
CREATE TABLE chain_outbox (
    id               BIGINT       NOT NULL PRIMARY KEY,
    sender           VARCHAR(42)  NOT NULL,
    to_address       VARCHAR(42)  NOT NULL,
    call_data        VARCHAR(32672) NOT NULL,
    gas_limit        BIGINT       NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    nonce            BIGINT,
    tx_hash          VARCHAR(66),
    raw_tx           VARCHAR(32672),
    attempts         INTEGER      NOT NULL,
    last_error       VARCHAR(512),
    block_number     BIGINT,
    receipt_status   VARCHAR(8),
    created_at       TIMESTAMP    NOT NULL,
    sent_at          TIMESTAMP,
    CONSTRAINT chain_outbox_nonce UNIQUE (sender, nonce),
    CONSTRAINT chain_outbox_hash UNIQUE (tx_hash)
);
CREATE INDEX chain_outbox_state ON chain_outbox (state, id);

