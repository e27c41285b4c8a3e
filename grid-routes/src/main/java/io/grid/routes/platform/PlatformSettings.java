package io.grid.routes.platform;

import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.platform.transfers.ConfirmationSettings;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the platform's routes and jobs can be tuned with; the starter fills it from {@code grid.platform.*}.
 *
 * @param host                 address the HTTP API listens on
 * @param port                 port of the HTTP API
 * @param chainId              EIP-155 / EIP-712 chain id of the configured chain
 * @param confirmations        how token transfers are confirmed
 * @param outbox               timing of the transaction outbox
 * @param confirmationInterval pause between two transfer confirmation cycles
 * @param lifecycleInterval    pause between two passes of the order lifecycle job
 * @param outboxInterval       pause between two outbox passes
 * @param relayGasLimit        gas limit of each relayed transaction (registerFor, createOrderFor, cancelOrderFor...)
 * @param relayWait            how long a relaying request waits for its receipt before answering 504 (the
 *                             transaction stays in the outbox and still goes out)
 * @param providerCacheTtl     how long the provider list read from the registry is served from the cache
 * @param logStartBlock        first block searched for order settlement events
 * @param settlementBatchSize  most due orders the lifecycle job settles in one {@code Market.completeOrders}
 *                             transaction, 1..{@value #MAX_SETTLEMENT_BATCH_SIZE} (its gas limit grows with it)
 * @param gatewayProbe         how the providers' gateways are probed for the provider list and "why not"
 */
public record PlatformSettings(String host, int port, long chainId, ConfirmationSettings confirmations,
                               OutboxSettings outbox, Duration confirmationInterval, Duration lifecycleInterval,
                               Duration outboxInterval, BigInteger relayGasLimit, Duration relayWait,
                               Duration providerCacheTtl, long logStartBlock, int settlementBatchSize,
                               GatewayProbeSettings gatewayProbe) {

    /** Orders per settlement batch unless configured: ~4.6M gas, a sixth of a 30M block. */
    public static final int DEFAULT_SETTLEMENT_BATCH_SIZE = 100;
    /** Most orders per settlement batch: keeps a batch's gas limit (80k + 45k each) near 13.6M, below half a block. */
    public static final int MAX_SETTLEMENT_BATCH_SIZE = 300;

    /** Settings with the default settlement batch size. */
    public PlatformSettings(String host, int port, long chainId, ConfirmationSettings confirmations,
                            OutboxSettings outbox, Duration confirmationInterval, Duration lifecycleInterval,
                            Duration outboxInterval, BigInteger relayGasLimit, Duration relayWait,
                            Duration providerCacheTtl, long logStartBlock) {
        this(host, port, chainId, confirmations, outbox, confirmationInterval, lifecycleInterval, outboxInterval,
                relayGasLimit, relayWait, providerCacheTtl, logStartBlock, DEFAULT_SETTLEMENT_BATCH_SIZE);
    }

    /** Settings with the {@linkplain GatewayProbeSettings#defaults() default gateway probes}. */
    public PlatformSettings(String host, int port, long chainId, ConfirmationSettings confirmations,
                            OutboxSettings outbox, Duration confirmationInterval, Duration lifecycleInterval,
                            Duration outboxInterval, BigInteger relayGasLimit, Duration relayWait,
                            Duration providerCacheTtl, long logStartBlock, int settlementBatchSize) {
        this(host, port, chainId, confirmations, outbox, confirmationInterval, lifecycleInterval, outboxInterval,
                relayGasLimit, relayWait, providerCacheTtl, logStartBlock, settlementBatchSize,
                GatewayProbeSettings.defaults());
    }

    /** The same settings with {@code probes} for the gateway probes. */
    public PlatformSettings withGatewayProbe(GatewayProbeSettings probes) {
        return new PlatformSettings(host, port, chainId, confirmations, outbox, confirmationInterval,
                lifecycleInterval, outboxInterval, relayGasLimit, relayWait, providerCacheTtl, logStartBlock,
                settlementBatchSize, probes);
    }

    public PlatformSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        Objects.requireNonNull(confirmations, "confirmations");
        Objects.requireNonNull(outbox, "outbox");
        requirePositive(confirmationInterval, "confirmationInterval");
        requirePositive(lifecycleInterval, "lifecycleInterval");
        requirePositive(outboxInterval, "outboxInterval");
        requirePositive(relayWait, "relayWait");
        Objects.requireNonNull(providerCacheTtl, "providerCacheTtl");
        if (providerCacheTtl.isNegative()) {
            throw new IllegalArgumentException("providerCacheTtl must not be negative");
        }
        if (relayGasLimit == null || relayGasLimit.compareTo(BigInteger.valueOf(21_000)) < 0) {
            throw new IllegalArgumentException("relayGasLimit must be at least 21000");
        }
        if (logStartBlock < 0) {
            throw new IllegalArgumentException("logStartBlock must not be negative");
        }
        if (settlementBatchSize < 1 || settlementBatchSize > MAX_SETTLEMENT_BATCH_SIZE) {
            throw new IllegalArgumentException("settlementBatchSize must be 1.." + MAX_SETTLEMENT_BATCH_SIZE);
        }
        Objects.requireNonNull(gatewayProbe, "gatewayProbe");
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
