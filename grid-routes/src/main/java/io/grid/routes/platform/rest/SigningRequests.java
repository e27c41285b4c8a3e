package io.grid.routes.platform.rest;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.Uint;
import io.grid.api.UnitPrices;
import java.math.BigInteger;

/**
 * The bodies of {@code POST /typed-data/{action}}: each action's request body without nonce, deadline and signature
 * (the platform fills those), and the body of the relayed credit withdrawal. Read strictly, like every body.
 */
public final class SigningRequests {

    private SigningRequests() {
    }

    /**
     * Terms to sign for {@code register-provider} or {@code update-provider}.
     *
     * @param provider   the provider
     * @param name       display name
     * @param gatewayUrl gateway URL
     * @param capacity   capacity offered
     * @param prices     unit prices per second
     */
    public record UnsignedTerms(Address provider, String name, String gatewayUrl, Resources capacity, UnitPrices prices) {
    }

    /**
     * A {@code deregister-provider} to sign.
     *
     * @param provider the provider
     */
    public record UnsignedDeregistration(Address provider) {
    }

    /**
     * A {@code create-order} to sign.
     *
     * @param user            the user
     * @param provider        the provider
     * @param resources       resources wanted
     * @param durationSeconds for how long
     */
    public record UnsignedOrder(Address user, Address provider, Resources resources, @Uint(64) long durationSeconds) {
    }

    /**
     * A {@code cancel-order} to sign.
     *
     * @param user    the order's user
     * @param orderId the order
     */
    public record UnsignedCancellation(Address user, @Uint(256) BigInteger orderId) {
    }

    /**
     * A {@code withdraw-credits} to sign.
     *
     * @param user   whose credits
     * @param amount base units
     */
    public record UnsignedWithdrawal(Address user, @Uint(256) BigInteger amount) {
    }

    /**
     * A user's signed {@code WithdrawCredits}, relayed as {@code Market.withdrawCreditsFor}.
     *
     * @param user      the user (also in the path)
     * @param amount    base units
     * @param nonce     the user's market nonce
     * @param deadline  last valid second
     * @param signature the user's signature
     */
    public record WithdrawRequest(Address user, @Uint(256) BigInteger amount, @Uint(256) BigInteger nonce,
                                  @Uint(256) BigInteger deadline, String signature) {
    }
}
