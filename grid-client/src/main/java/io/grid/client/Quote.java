package io.grid.client;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;

/**
 * The cost of resources for a duration at a provider's prices as the registry holds them now.
 *
 * @param provider        the provider
 * @param resources       the resources asked for
 * @param durationSeconds for how long
 * @param prices          the provider's unit prices per second
 * @param cost            the total in token base units
 */
public record Quote(Address provider, Resources resources, long durationSeconds, UnitPrices prices, BigInteger cost) {
}
