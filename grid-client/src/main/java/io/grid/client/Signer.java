package io.grid.client;

import io.grid.api.Address;
import org.web3j.crypto.RawTransaction;

/**
 * Signs on behalf of one address. The client hands it what a GRID server answered to sign (typed data or
 * sign-in text) and never builds a digest of its own, so what is signed is what the server verifies.
 *
 * <p>{@link KeySigner} signs with a key in memory (from an encrypted web3 keystore file or web3j
 * {@code Credentials}); an implementation may as well ask a hardware wallet or a remote signer.
 */
public interface Signer {

    /** @return the address whose signatures this signer makes */
    Address address();

    /**
     * Signs EIP-712 typed data as {@code eth_signTypedData_v4} does.
     *
     * @param typedDataJson the typed data JSON ({@code types}, {@code primaryType}, {@code domain}, {@code message})
     * @return the 65-byte signature {@code r ‖ s ‖ v} as 0x-hex, v 27 or 28
     */
    String signTypedData(String typedDataJson);

    /**
     * Signs text as {@code personal_sign} (EIP-191 version 0x45) does: over its UTF-8 bytes.
     *
     * @return the 65-byte signature as 0x-hex, v 27 or 28
     */
    String signPersonalMessage(String text);

    /**
     * Signs a transaction for the chain {@code chainId} (EIP-155).
     *
     * @return the signed transaction, ready for {@code eth_sendRawTransaction}
     */
    byte[] signTransaction(RawTransaction transaction, long chainId);
}
