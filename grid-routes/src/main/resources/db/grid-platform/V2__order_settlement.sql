-- Off-chain state: the one completeOrder call queued per order by the lifecycle job. The primary key makes a
-- second queued settlement impossible when two platform instances run the job at once.
CREATE TABLE order_settlement (
    order_id         VARCHAR(80)  NOT NULL PRIMARY KEY,
    outbox_id        BIGINT       NOT NULL,
    queued_at        TIMESTAMP    NOT NULL
);
