package io.grid.routes.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * What the platform tells wallets and fills in for them.
 *
 * @param publicRpcUrl a JSON-RPC URL wallets may use, answered by {@code GET /chain}; null to publish none
 * @param signatureTtl how long the typed data answered by {@code POST /typed-data/{action}} stays valid: its
 *                     deadline is the chain's time plus this
 */
public record WalletSettings(String publicRpcUrl, Duration signatureTtl) {

    /** Deadlines ten minutes ahead, unless configured. */
    public static final Duration DEFAULT_SIGNATURE_TTL = Duration.ofMinutes(10);

    public WalletSettings {
        Objects.requireNonNull(signatureTtl, "signatureTtl");
        if (signatureTtl.isNegative() || signatureTtl.isZero()) {
            throw new IllegalArgumentException("signatureTtl must be positive");
        }
    }

    /** No public RPC URL, deadlines {@link #DEFAULT_SIGNATURE_TTL} ahead. */
    public static WalletSettings defaults() {
        return new WalletSettings(null, DEFAULT_SIGNATURE_TTL);
    }
}
