package io.grid.client;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;

/**
 * A provider's terms as it registers or updates them.
 *
 * @param name       shown to users
 * @param gatewayUrl the provider's gateway (http or https)
 * @param capacity   what it offers in all
 * @param prices     its unit prices per second, in token base units
 */
public record ProviderTerms(String name, String gatewayUrl, Resources capacity, UnitPrices prices) {
}
