-- The chain this database was made for (io.grid.routes.chain.ChainBinding): one row, written at the first start.
CREATE TABLE grid_chain_binding (
    chain_id         BIGINT       NOT NULL,
    genesis_hash     VARCHAR(66)  NOT NULL,
    recorded_at      TIMESTAMP    NOT NULL
);
