-- What stays readable of an order's app after teardown: the last bytes of each container's log and
-- the namespace's events, one row each, with the order's cookie, until retained_until; then deleted
-- by the gateway's lifecycle job. Bounded per order by the gateway (rows and characters per row).
CREATE TABLE gateway_app_record (
    order_id        VARCHAR(78)    NOT NULL,
    source          VARCHAR(320)   NOT NULL,
    content         VARCHAR(32672) NOT NULL,
    recorded_at     TIMESTAMP      NOT NULL,
    retained_until  TIMESTAMP      NOT NULL,
    PRIMARY KEY (order_id, source)
);
CREATE INDEX gateway_app_record_expiry ON gateway_app_record (retained_until);
