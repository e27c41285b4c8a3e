package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;

/**
 * A registered provider as the provider list shows it: the registry's {@link Provider} and what the platform's
 * health probes found of its gateway.
 *
 * @param address    the provider's account
 * @param name       display name
 * @param gatewayUrl its gateway's URL
 * @param capacity   total resources offered
 * @param free       what its open orders leave free
 * @param prices     unit prices per resource per second
 * @param active     false once deregistered
 * @param gateway    online, last seen and uptime of its gateway
 */
public record ListedProvider(Address address, String name, String gatewayUrl, Resources capacity, Resources free,
                             UnitPrices prices, boolean active, GatewayStatus gateway) {

    /** {@code provider} with {@code gateway}, {@link GatewayStatus#UNKNOWN} when null. */
    public static ListedProvider of(Provider provider, GatewayStatus gateway) {
        return new ListedProvider(provider.address(), provider.name(), provider.gatewayUrl(), provider.capacity(),
                provider.free(), provider.prices(), provider.active(), gateway == null ? GatewayStatus.UNKNOWN : gateway);
    }
}
