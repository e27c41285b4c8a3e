package io.grid.contracts.signing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * EIP-712 typed-data hashing and signing for one contract (its domain): the digest a wallet signs
 * for {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)}, built from 32-byte ABI words exactly
 * as the contracts build it with {@code abi.encode}.
 */
public final class Eip712 {

    private static final byte[] DOMAIN_TYPEHASH =
            keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    private final byte[] domainSeparator;

    /**
     * @param name the contract's EIP-712 name ({@code "GRID Market"}, {@code "GRID ProviderRegistry"})
     * @param version the contract's EIP-712 version ({@code "1"})
     * @param chainId the chain id
     * @param verifyingContract the contract's address
     */
    public Eip712(String name, String version, long chainId, String verifyingContract) {
        this.domainSeparator = Hash.sha3(words(DOMAIN_TYPEHASH, keccak(name), keccak(version), BigInteger.valueOf(chainId),
                address(verifyingContract)));
    }

    /** @return the domain separator, as the contract's {@code domainSeparator()} answers it */
    public byte[] domainSeparator() {
        return domainSeparator.clone();
    }

    /**
     * @param structHash {@code keccak256(abi.encode(TYPEHASH, fields…))}
     * @return the digest to sign
     */
    public byte[] digest(byte[] structHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x19);
        out.write(0x01);
        out.writeBytes(domainSeparator);
        out.writeBytes(structHash);
        return Hash.sha3(out.toByteArray());
    }

    /**
     * Signs a digest.
     *
     * @param signer the signing account
     * @param digest from {@link #digest(byte[])}
     * @return 65 bytes {@code r ‖ s ‖ v}, v = 27 or 28
     */
    public static byte[] sign(Credentials signer, byte[] digest) {
        Sign.SignatureData signature = Sign.signMessage(digest, signer.getEcKeyPair(), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(signature.getR());
        out.writeBytes(signature.getS());
        out.writeBytes(signature.getV());
        return out.toByteArray();
    }

    /**
     * @param text a type string or a string field
     * @return its keccak256
     */
    public static byte[] keccak(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param hex an account address
     * @return it as a 32-byte ABI word value
     */
    public static BigInteger address(String hex) {
        return Numeric.toBigInt(hex);
    }

    /**
     * {@code abi.encode} of static values: byte[32] as is, numbers as unsigned 32-byte words.
     *
     * @param values byte[32] or non-negative BigInteger values
     * @return the concatenated words
     */
    public static byte[] words(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object value : values) {
            if (value instanceof byte[] bytes && bytes.length == 32) {
                out.writeBytes(bytes);
            } else if (value instanceof BigInteger number && number.signum() >= 0) {
                out.writeBytes(Numeric.toBytesPadded(number, 32));
            } else {
                throw new IllegalArgumentException("not a 32-byte word or unsigned number: " + value);
            }
        }
        return out.toByteArray();
    }
}
