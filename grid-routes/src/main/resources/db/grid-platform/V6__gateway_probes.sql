-- Health probes of the registered providers' gateways (GET {gatewayUrl}/health), one row per probe; rows older
-- than the configured retention are pruned. Uptime over 1, 7 and 30 days is counted from them.
CREATE TABLE gateway_probe (
    provider   VARCHAR(42) NOT NULL,
    probed_at  TIMESTAMP   NOT NULL,
    online     BOOLEAN     NOT NULL
);
CREATE INDEX gateway_probe_by_time ON gateway_probe (probed_at, provider);

-- The last probe of each provider's gateway, and when it last answered.
CREATE TABLE gateway_status (
    provider        VARCHAR(42)  NOT NULL PRIMARY KEY,
    online          BOOLEAN      NOT NULL,
    last_probed_at  TIMESTAMP    NOT NULL,
    last_seen_at    TIMESTAMP,
    failure         VARCHAR(256)
);
