package io.grid.api;

/**
 * A registered provider (CP): who it is, where its gateway answers, what it offers and at what prices.
 *
 * @param address    the provider's account, which is also the payee of its orders
 * @param name       a display name
 * @param gatewayUrl the public http(s) URL of the provider's gateway
 * @param capacity   total resources the provider offers
 * @param free       what of {@code capacity} is not reserved by the provider's open orders, as last read; never
 *                   more than {@code capacity} in any quantity
 * @param prices     unit prices per resource per second
 * @param active     false once the provider has deregistered
 */
public record Provider(Address address, String name, String gatewayUrl, Resources capacity, Resources free,
                       UnitPrices prices, boolean active) {

    /** A provider with nothing reserved: all of its capacity is free (terms being proposed, a fresh registration). */
    public Provider(Address address, String name, String gatewayUrl, Resources capacity, UnitPrices prices,
                    boolean active) {
        this(address, name, gatewayUrl, capacity, capacity, prices, active);
    }

    public Provider {
        Require.present(address, "address");
        name = Require.text(name, "name", 64);
        gatewayUrl = Require.text(gatewayUrl, "gatewayUrl", 256);
        if (!(gatewayUrl.startsWith("http://") || gatewayUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("gatewayUrl must be an http or https URL");
        }
        Require.present(capacity, "capacity");
        Require.present(free, "free");
        if (!capacity.covers(free)) {
            throw new IllegalArgumentException("free resources exceed the capacity");
        }
        Require.present(prices, "prices");
    }

    /** The same provider with {@code reserved} of its capacity taken by open orders. */
    public Provider withReserved(Resources reserved) {
        return new Provider(address, name, gatewayUrl, capacity, capacity.minusFloorZero(reserved), prices, active);
    }
}
