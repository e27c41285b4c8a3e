package io.grid.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.api.Address;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.web3j.crypto.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.utils.Numeric;

/** A {@link Signer} holding a key in memory: from web3j {@link Credentials} or an encrypted web3 keystore file. */
public final class KeySigner implements Signer {

    private static final ObjectMapper KEYSTORE = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Credentials credentials;
    private final Address address;

    private KeySigner(Credentials credentials) {
        this.credentials = credentials;
        this.address = Address.of(credentials.getAddress());
    }

    /** @return a signer with the key of {@code credentials} */
    public static KeySigner of(Credentials credentials) {
        return new KeySigner(credentials);
    }

    /**
     * Opens an encrypted web3 keystore file (version 3, as geth, MetaMask exports and web3j write).
     *
     * @throws WrongPasswordException when the password does not open it
     * @throws IOException            when the file cannot be read or is not a keystore
     */
    public static KeySigner fromKeystore(Path file, String password) throws IOException {
        WalletFile wallet;
        try {
            wallet = KEYSTORE.readValue(file.toFile(), WalletFile.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a web3 keystore file: " + e.getMessage(), e);
        }
        if (wallet.getCrypto() == null || wallet.getVersion() != 3) {
            throw new IOException(file + " is not a web3 keystore file (version 3 with a crypto section)");
        }
        try {
            return new KeySigner(Credentials.create(Wallet.decrypt(password, wallet)));
        } catch (CipherException e) {
            if (e.getMessage() != null && e.getMessage().contains("password")) {
                throw new WrongPasswordException(file);
            }
            throw new IOException(file + " is not a keystore this client can open: " + e.getMessage(), e);
        }
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public String signTypedData(String typedDataJson) {
        byte[] digest;
        try {
            digest = new StructuredDataEncoder(typedDataJson).hashStructuredData();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the typed data to sign is not valid EIP-712: " + e.getMessage(), e);
        }
        return hex(Sign.signMessage(digest, credentials.getEcKeyPair(), false));
    }

    @Override
    public String signPersonalMessage(String text) {
        return hex(Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), credentials.getEcKeyPair()));
    }

    @Override
    public byte[] signTransaction(RawTransaction transaction, long chainId) {
        return TransactionEncoder.signMessage(transaction, chainId, credentials);
    }

    private static String hex(Sign.SignatureData signature) {
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    @Override
    public String toString() {
        return "KeySigner[" + address + "]";
    }

    /** The keystore file's password is not the one given. */
    public static final class WrongPasswordException extends GridClientException {
        public WrongPasswordException(Path file) {
            super("the password does not open " + file);
        }
    }
}
