-- Platform schema, portable between Derby 10.16 and PostgreSQL.
-- Amounts are uint256 and do not fit Derby's DECIMAL (31 digits), so they are stored as decimal text.
-- Hashes and addresses are lower-case 0x-prefixed hex.

-- Chain-state cache: registered providers.
CREATE TABLE provider (
    address          VARCHAR(42)  NOT NULL PRIMARY KEY,
    name             VARCHAR(64)  NOT NULL,
    gateway_url      VARCHAR(256) NOT NULL,
    cpu_millicores   BIGINT       NOT NULL,
    memory_mib       BIGINT       NOT NULL,
    storage_gib      BIGINT       NOT NULL,
    gpu_count        BIGINT       NOT NULL,
    gpu_model        VARCHAR(64)  NOT NULL,
    price_cpu        VARCHAR(80)  NOT NULL,
    price_memory     VARCHAR(80)  NOT NULL,
    price_storage    VARCHAR(80)  NOT NULL,
    price_gpu        VARCHAR(80)  NOT NULL,
    active           BOOLEAN      NOT NULL,
    updated_at       TIMESTAMP    NOT NULL
);

-- Chain-state cache: orders ("order" is a reserved word).
CREATE TABLE grid_order (
    id               VARCHAR(80)  NOT NULL PRIMARY KEY,
    user_address     VARCHAR(42)  NOT NULL,
    provider_address VARCHAR(42)  NOT NULL,
    cpu_millicores   BIGINT       NOT NULL,
    memory_mib       BIGINT       NOT NULL,
    storage_gib      BIGINT       NOT NULL,
    gpu_count        BIGINT       NOT NULL,
    gpu_model        VARCHAR(64)  NOT NULL,
    duration_seconds BIGINT       NOT NULL,
    cost             VARCHAR(80)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    started_at       TIMESTAMP,
    ended_at         TIMESTAMP,
    settled          BOOLEAN      NOT NULL
);
CREATE INDEX grid_order_user ON grid_order (user_address);
CREATE INDEX grid_order_provider ON grid_order (provider_address);

-- Off-chain state: token transfers to the market, one row per Transfer log.
CREATE TABLE token_transfer (
    tx_hash          VARCHAR(66)  NOT NULL,
    log_index        BIGINT       NOT NULL,
    from_address     VARCHAR(42)  NOT NULL,
    to_address       VARCHAR(42)  NOT NULL,
    amount           VARCHAR(80)  NOT NULL,
    block_number     BIGINT       NOT NULL,
    block_hash       VARCHAR(66)  NOT NULL,
    confirmations    BIGINT       NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    reason           VARCHAR(32),
    updated_at       TIMESTAMP    NOT NULL,
    CONSTRAINT token_transfer_key UNIQUE (tx_hash, log_index)
);
CREATE INDEX token_transfer_state ON token_transfer (state, block_number);

-- Reported transactions that yielded no usable transfer, so a second report answers the same.
CREATE TABLE transfer_rejection (
    tx_hash          VARCHAR(66)  NOT NULL PRIMARY KEY,
    reason           VARCHAR(32)  NOT NULL,
    rejected_at      TIMESTAMP    NOT NULL
);

-- Off-chain state: one credit per transfer. The unique key is what makes double crediting impossible
-- when two platform instances race.
CREATE TABLE credit (
    tx_hash          VARCHAR(66)  NOT NULL,
    log_index        BIGINT       NOT NULL,
    user_address     VARCHAR(42)  NOT NULL,
    amount           VARCHAR(80)  NOT NULL,
    outbox_id        BIGINT,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT credit_key UNIQUE (tx_hash, log_index)
);

-- Off-chain state: request nonces, each usable once per address.
CREATE TABLE request_nonce (
    address          VARCHAR(42)  NOT NULL,
    nonce            VARCHAR(128) NOT NULL,
    used_at          TIMESTAMP    NOT NULL,
    CONSTRAINT request_nonce_key UNIQUE (address, nonce)
);

-- Where the transfer scan stopped, per token and market.
CREATE TABLE chain_cursor (
    name             VARCHAR(128) NOT NULL PRIMARY KEY,
    block_number     BIGINT       NOT NULL
);
