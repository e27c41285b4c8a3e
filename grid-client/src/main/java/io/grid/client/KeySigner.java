package io.grid.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grid.api.Address;
import java.io.IOException;
import java.math.BigInteger;
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
            digest = new StructuredDataEncoder(integersAsNumbers(typedDataJson)).hashStructuredData();
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

    /**
     * {@code eth_signTypedData_v4} takes integers as decimal strings; web3j's encoder reads uint64 and the like only
     * from JSON numbers. Turns every integer-typed value (by the document's own types, through nested structs and
     * arrays) into a number; the values stay the same.
     */
    static String integersAsNumbers(String typedDataJson) throws IOException {
        JsonNode document = KEYSTORE.readTree(typedDataJson);
        JsonNode types = document.path("types");
        if (document.get("domain") instanceof ObjectNode domain) {
            numbers(domain, "EIP712Domain", types);
        }
        if (document.get("message") instanceof ObjectNode message) {
            numbers(message, document.path("primaryType").asText(), types);
        }
        return KEYSTORE.writeValueAsString(document);
    }

    private static void numbers(ObjectNode values, String type, JsonNode types) {
        for (JsonNode field : types.path(type)) {
            String name = field.path("name").asText();
            JsonNode value = values.get(name);
            if (value != null) {
                values.set(name, number(value, field.path("type").asText(), types));
            }
        }
    }

    private static JsonNode number(JsonNode value, String type, JsonNode types) {
        if (type.endsWith("]") && value instanceof ArrayNode array) {
            String element = type.substring(0, type.lastIndexOf('['));
            for (int i = 0; i < array.size(); i++) {
                array.set(i, number(array.get(i), element, types));
            }
            return array;
        }
        if (types.has(type) && value instanceof ObjectNode struct) {
            numbers(struct, type, types);
            return struct;
        }
        if ((type.startsWith("uint") || type.startsWith("int")) && value.isTextual()) {
            String text = value.asText();
            BigInteger number = text.startsWith("0x") ? new BigInteger(text.substring(2), 16) : new BigInteger(text);
            return BigIntegerNode.valueOf(number);
        }
        return value;
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
