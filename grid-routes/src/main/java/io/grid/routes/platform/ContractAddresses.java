package io.grid.routes.platform;

import io.grid.api.Address;
import java.util.Objects;

/**
 * Where the platform's contracts live on the configured chain.
 *
 * @param token    the ERC-20 token credits are bought with
 * @param registry the ProviderRegistry
 * @param market   the Market holding credits, orders and escrow
 */
public record ContractAddresses(Address token, Address registry, Address market) {

    public ContractAddresses {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(market, "market");
    }
}
