package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;

/**
 * What an order would cost now, at the provider's prices as the registry holds them.
 *
 * @param provider        the provider
 * @param resources       the resources asked for
 * @param durationSeconds the duration asked for
 * @param prices          the provider's unit prices, from the registry
 * @param cost            {@code Σ quantity × unit price × duration}, in token base units
 */
public record Quote(Address provider, Resources resources, long durationSeconds, UnitPrices prices, BigInteger cost) {
}
