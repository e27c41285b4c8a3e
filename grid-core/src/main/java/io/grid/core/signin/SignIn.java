package io.grid.core.signin;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a signed sign-in message (greet type 2): layout, signer, domain, chain, order, time window
 * and nonce, in that order. The nonce is consumed last, so a message that fails any other check (a
 * forged signature above all) cannot burn the nonce of the user it names.
 */
public final class SignIn {

    /**
     * How far in the future a message's issued-at may lie, to allow for a wallet's clock running a
     * little ahead of the gateway's.
     */
    public static final Duration ISSUED_AT_TOLERANCE = Duration.ofMinutes(1);

    private SignIn() {
    }

    /**
     * Verifies {@code message} signed with {@code signatureHex} and uses up its nonce.
     *
     * @return who signed in, to which order, until when
     * @throws RefusedException with {@link Refusal#MALFORMED_MESSAGE}, {@link Refusal#MALFORMED_SIGNATURE},
     *     {@link Refusal#SIGNATURE_MISMATCH}, {@link Refusal#WRONG_DOMAIN}, {@link Refusal#WRONG_CHAIN},
     *     {@link Refusal#WRONG_ORDER}, {@link Refusal#MESSAGE_EXPIRED}, {@link Refusal#UNKNOWN_NONCE} or
     *     {@link Refusal#NONCE_REPLAYED}
     */
    public static VerifiedSignIn verify(String message, String signatureHex, SignInExpectation expect,
            NonceBook nonces, Instant now) {
        if (expect == null || nonces == null || now == null) {
            throw new IllegalArgumentException("expect, nonces and now are required");
        }
        SignInMessage signed = SignInMessage.parse(message);
        Address signer = Eip191.recover(message, signatureHex);
        if (!signer.equals(signed.address())) {
            throw new RefusedException(Refusal.SIGNATURE_MISMATCH,
                    "the signature was not made by the address the message names");
        }
        if (!signed.domain().equals(expect.domain())) {
            throw new RefusedException(Refusal.WRONG_DOMAIN, "the message was made for " + signed.domain());
        }
        if (signed.chainId() != expect.chainId()) {
            throw new RefusedException(Refusal.WRONG_CHAIN, "the message was made for chain " + signed.chainId());
        }
        if (!signed.orderId().equals(expect.orderId())) {
            throw new RefusedException(Refusal.WRONG_ORDER, "the message was made for order " + signed.orderId());
        }
        if (!now.isBefore(signed.expirationTime())) {
            throw new RefusedException(Refusal.MESSAGE_EXPIRED, "the message expired at " + signed.expirationTime());
        }
        if (signed.issuedAt().isAfter(now.plus(ISSUED_AT_TOLERANCE))) {
            throw new RefusedException(Refusal.MESSAGE_EXPIRED, "the message is issued in the future");
        }
        nonces.consume(signed.nonce(), signed.orderId(), now);
        return new VerifiedSignIn(signer, signed.orderId(), signed.expirationTime());
    }
}
