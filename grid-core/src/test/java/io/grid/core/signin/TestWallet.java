package io.grid.core.signin;

import io.grid.api.Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** A wallet with a freshly generated key that signs the way MetaMask's personal_sign does. */
final class TestWallet {

    private final Credentials credentials;

    private TestWallet(Credentials credentials) {
        this.credentials = credentials;
    }

    static TestWallet generate() {
        try {
            return new TestWallet(Credentials.create(Keys.createEcKeyPair()));
        } catch (java.security.GeneralSecurityException noKey) {
            throw new IllegalStateException("cannot generate a test key", noKey);
        }
    }

    Address address() {
        return Address.of(credentials.getAddress());
    }

    /** personal_sign: r || s || v with v = 27 or 28, as hex with 0x. */
    String sign(String message) {
        return hex(Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), credentials.getEcKeyPair()));
    }

    /** Signs the raw 32-byte hash, for tests that build the EIP-191 prefix themselves. */
    String signHash(byte[] hash) {
        return hex(Sign.signMessage(hash, credentials.getEcKeyPair(), false));
    }

    /** The EIP-191 hash with a length prefix given by the test, right or wrong. */
    static byte[] prefixedHash(byte[] message, int statedLength) {
        byte[] prefix = ("\u0019Ethereum Signed Message:\n" + statedLength).getBytes(StandardCharsets.UTF_8);
        byte[] whole = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, whole, 0, prefix.length);
        System.arraycopy(message, 0, whole, prefix.length, message.length);
        return Hash.sha3(whole);
    }

    private static String hex(Sign.SignatureData signature) {
        HexFormat hex = HexFormat.of();
        return "0x" + hex.formatHex(signature.getR()) + hex.formatHex(signature.getS())
                + hex.formatHex(signature.getV());
    }
}
