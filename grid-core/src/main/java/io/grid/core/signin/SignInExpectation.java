package io.grid.core.signin;

import java.math.BigInteger;
import java.util.Locale;

/**
 * What a gateway expects a sign-in message to be bound to.
 *
 * @param domain this gateway's host (and port), as users reach it; compared without regard to case
 * @param chainId the EIP-155 id of the chain holding the orders
 * @param orderId the order being signed in to
 */
public record SignInExpectation(String domain, long chainId, BigInteger orderId) {

    public SignInExpectation {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("domain is missing");
        }
        if (orderId == null) {
            throw new IllegalArgumentException("orderId is missing");
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }
}
