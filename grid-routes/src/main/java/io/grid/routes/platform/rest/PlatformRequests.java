package io.grid.routes.platform.rest;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.Uint;
import io.grid.api.UnitPrices;
import java.math.BigInteger;

/**
 * The JSON bodies the platform API accepts. They are read strictly: an unknown field (a {@code price}, a
 * {@code balance}, a {@code privateKey}) is refused with 400, so a caller can never slip a price, a balance or a
 * key past the platform. Signed requests carry the signer's contract nonce, a deadline (unix seconds) and a 65-byte
 * hex EIP-712 signature.
 */
public final class PlatformRequests {

    private PlatformRequests() {
    }

    /**
     * A provider's signed terms ({@code RegisterProvider} / {@code UpdateProvider}).
     *
     * @param provider   the provider
     * @param name       display name
     * @param gatewayUrl gateway URL
     * @param capacity   capacity offered
     * @param prices     the provider's own unit prices per second
     * @param nonce      the provider's registry nonce
     * @param deadline   last valid second
     * @param signature  the provider's signature
     */
    public record ProviderTerms(Address provider, String name, String gatewayUrl, Resources capacity,
                                UnitPrices prices, @Uint(256) BigInteger nonce, @Uint(256) BigInteger deadline,
                                String signature) {
    }

    /**
     * A provider's signed {@code DeregisterProvider}.
     *
     * @param provider  the provider
     * @param nonce     the provider's registry nonce
     * @param deadline  last valid second
     * @param signature the provider's signature
     */
    public record ProviderDeregistration(Address provider, @Uint(256) BigInteger nonce, @Uint(256) BigInteger deadline,
                                         String signature) {
    }

    /**
     * A quote request: no price, the price is the registry's.
     *
     * @param provider        the provider
     * @param resources       resources wanted
     * @param durationSeconds for how long
     */
    public record QuoteRequest(Address provider, Resources resources, @Uint(64) long durationSeconds) {
    }

    /**
     * A user's signed {@code CreateOrder}: no price and no balance, only the most the user agrees to pay.
     *
     * @param user            the user
     * @param provider        the provider
     * @param resources       resources wanted
     * @param durationSeconds for how long
     * @param maxCost         the most the user agrees to pay, in token base units: the {@code cost} of a quote; a
     *                        price raised before the order is mined makes it fail rather than charge more
     * @param nonce           the user's market nonce
     * @param deadline        last valid second
     * @param signature       the user's signature
     */
    public record OrderRequest(Address user, Address provider, Resources resources, @Uint(64) long durationSeconds,
                               @Uint(256) BigInteger maxCost, @Uint(256) BigInteger nonce, @Uint(256) BigInteger deadline,
                               String signature) {
    }

    /**
     * A user's signed {@code CancelOrder}; the order is in the path.
     *
     * @param user      the user
     * @param nonce     the user's market nonce
     * @param deadline  last valid second
     * @param signature the user's signature
     */
    public record CancelRequest(Address user, @Uint(256) BigInteger nonce, @Uint(256) BigInteger deadline, String signature) {
    }

    /**
     * A transfer report.
     *
     * @param txHash the transaction that sent tokens to the market
     */
    public record TransferReportRequest(String txHash) {
    }

    /**
     * A credit purchase with one confirmed transfer.
     *
     * @param txHash   the transfer's transaction
     * @param logIndex the transfer's log index
     */
    public record CreditPurchaseRequest(String txHash, @Uint(64) long logIndex) {
    }

    /**
     * A "why not" request: what an order would ask for, and the most it may cost.
     *
     * @param resources       resources wanted; {@code gpuModel} is the model wanted, {@code any} for any
     * @param durationSeconds for how long, at least 1
     * @param maxCost         the most the order may cost, in token base units; absent for no limit
     */
    public record WhyRequest(Resources resources, @Uint(64) long durationSeconds, @Uint(256) BigInteger maxCost) {
    }
}
