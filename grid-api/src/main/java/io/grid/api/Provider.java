package io.grid.api;

/**
 * A registered provider (CP): who it is, where its gateway answers, what it offers and at what prices.
 *
 * @param address    the provider's account, which is also the payee of its orders
 * @param name       a display name
 * @param gatewayUrl the public http(s) URL of the provider's gateway
 * @param capacity   total resources the provider offers
 * @param prices     unit prices per resource per second
 * @param active     false once the provider has deregistered
 */
public record Provider(Address address, String name, String gatewayUrl, Resources capacity, UnitPrices prices,
                       boolean active) {

    public Provider {
        Require.present(address, "address");
        name = Require.text(name, "name", 64);
        gatewayUrl = Require.text(gatewayUrl, "gatewayUrl", 256);
        if (!(gatewayUrl.startsWith("http://") || gatewayUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("gatewayUrl must be an http or https URL");
        }
        Require.present(capacity, "capacity");
        Require.present(prices, "prices");
    }
}
