-- The chain outbox (io.grid.routes.platform.store.ChainOutbox): shared by the platform's and the gateway's
-- databases, each of which migrates it with its own history (PlatformSchema, GatewaySchema). Versioned
-- before their own V1 so that it stands first in both.

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

