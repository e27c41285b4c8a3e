package io.grid.core.signin;

import io.grid.api.Address;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Recovers the signer of an EIP-191 {@code personal_sign} signature: the signed hash is
 * {@code keccak256("\u0019Ethereum Signed Message:\n" + len(message) + message)}, where the length
 * is the number of UTF-8 bytes of the message (not its number of characters).
 */
public final class Eip191 {

    private static final int SIGNATURE_BYTES = 65;
    private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

    private Eip191() {
    }

    /**
     * Recovers the address that signed {@code message}.
     *
     * @param message the signed text, as the wallet showed it
     * @param signatureHex 65 bytes {@code r || s || v} as hex, with or without {@code 0x}; v may be
     *     0/1 or 27/28
     * @return the signer's address
     * @throws RefusedException {@link Refusal#MALFORMED_SIGNATURE} if the signature is not 65 bytes of
     *     hex, has another v, or r/s outside the curve's range (s must be in the lower half, EIP-2);
     *     {@link Refusal#SIGNATURE_MISMATCH} if no public key can be recovered from it
     */
    public static Address recover(String message, String signatureHex) {
        if (message == null) {
            throw new RefusedException(Refusal.MALFORMED_MESSAGE, "the signed message is missing");
        }
        byte[] signature = decode(signatureHex);
        byte v = recoveryByte(signature[64]);
        byte[] r = Arrays.copyOfRange(signature, 0, 32);
        byte[] s = Arrays.copyOfRange(signature, 32, 64);
        requireInRange(new BigInteger(1, r), CURVE_ORDER.subtract(BigInteger.ONE), "r");
        // EIP-2: a high s is the mirror image of a valid signature; wallets never produce one.
        requireInRange(new BigInteger(1, s), HALF_CURVE_ORDER, "s");
        try {
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(
                    message.getBytes(StandardCharsets.UTF_8), new Sign.SignatureData(v, r, s));
            return Address.of("0x" + Keys.getAddress(publicKey));
        } catch (SignatureException | IllegalArgumentException noKey) {
            // r is not the x coordinate of a curve point: the signature belongs to nobody.
            throw new RefusedException(Refusal.SIGNATURE_MISMATCH,
                    "no signer can be recovered from this signature: " + noKey.getMessage());
        }
    }

    private static byte[] decode(String signatureHex) {
        if (signatureHex == null) {
            throw new RefusedException(Refusal.MALFORMED_SIGNATURE, "the signature is missing");
        }
        String hex = signatureHex.startsWith("0x") || signatureHex.startsWith("0X")
                ? signatureHex.substring(2) : signatureHex;
        if (hex.length() != SIGNATURE_BYTES * 2) {
            throw new RefusedException(Refusal.MALFORMED_SIGNATURE,
                    "the signature must be " + SIGNATURE_BYTES + " bytes (" + SIGNATURE_BYTES * 2 + " hex digits)");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (!isHexDigit(hex.charAt(i))) {
                throw new RefusedException(Refusal.MALFORMED_SIGNATURE, "the signature is not hex");
            }
        }
        return HexFormat.of().parseHex(hex);
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte recoveryByte(byte v) {
        return switch (v) {
            case 0, 1 -> (byte) (v + 27);
            case 27, 28 -> v;
            default -> throw new RefusedException(Refusal.MALFORMED_SIGNATURE,
                    "the signature's v must be 0, 1, 27 or 28, not " + (v & 0xff));
        };
    }

    private static void requireInRange(BigInteger value, BigInteger max, String name) {
        if (value.signum() == 0 || value.compareTo(max) > 0) {
            throw new RefusedException(Refusal.MALFORMED_SIGNATURE, "the signature's " + name + " is out of range");
        }
    }
}
