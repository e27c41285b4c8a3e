package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Recovers who signed an EIP-712 digest, the way the contracts' {@code ECDSA.tryRecover} does, so that the
 * platform refuses a request that would revert before relaying it. Malformed signatures are 400, signatures of
 * somebody else 401.
 */
public final class RelaySignature {

    private static final int BYTES = 65;
    private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

    private RelaySignature() {
    }

    /**
     * Parses a 65-byte {@code r ‖ s ‖ v} signature given as hex.
     *
     * @throws RefusedException {@link Refusal#SIGNATURE_MISMATCH} (401) when there is no signature,
     *                          {@link Refusal#MALFORMED_SIGNATURE} when it is not 65 bytes of hex with v 0/1/27/28
     *                          and r, s in range (s in the lower half, as OpenZeppelin requires)
     */
    public static byte[] parse(String signatureHex) {
        if (signatureHex == null || signatureHex.isBlank()) {
            // An unsigned request is not malformed, it is unauthenticated.
            throw new RefusedException(Refusal.SIGNATURE_MISMATCH, "the request is not signed");
        }
        String hex = signatureHex.startsWith("0x") || signatureHex.startsWith("0X")
                ? signatureHex.substring(2) : signatureHex;
        if (hex.length() != BYTES * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new RefusedException(Refusal.MALFORMED_SIGNATURE, "the signature must be 65 bytes of hex");
        }
        byte[] signature = HexFormat.of().parseHex(hex);
        int v = signature[64] & 0xff;
        if (v == 0 || v == 1) {
            signature[64] = (byte) (v + 27);
        } else if (v != 27 && v != 28) {
            throw new RefusedException(Refusal.MALFORMED_SIGNATURE, "the signature's v must be 0, 1, 27 or 28");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0 || s.signum() == 0 || s.compareTo(HALF_CURVE_ORDER) > 0) {
            throw new RefusedException(Refusal.MALFORMED_SIGNATURE, "the signature's r or s is out of range");
        }
        return signature;
    }

    /**
     * Requires that {@code signature} over {@code digest} was made by {@code expected}.
     *
     * @param digest    the EIP-712 digest
     * @param signature from {@link #parse(String)}
     * @param expected  the account the request acts for
     * @throws RefusedException {@link Refusal#SIGNATURE_MISMATCH} when somebody else (or nobody) signed
     */
    public static void requireSigner(byte[] digest, byte[] signature, Address expected) {
        Sign.SignatureData data = new Sign.SignatureData(signature[64], Arrays.copyOfRange(signature, 0, 32),
                Arrays.copyOfRange(signature, 32, 64));
        Address recovered;
        try {
            recovered = Address.of("0x" + Keys.getAddress(Sign.signedMessageHashToKey(digest, data)));
        } catch (SignatureException | IllegalArgumentException e) {
            throw new RefusedException(Refusal.SIGNATURE_MISMATCH, "no signer can be recovered from the signature");
        }
        if (!recovered.equals(expected)) {
            throw new RefusedException(Refusal.SIGNATURE_MISMATCH,
                    "the signature was not made by " + expected + " for this request");
        }
    }
}
