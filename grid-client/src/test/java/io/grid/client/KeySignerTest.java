package io.grid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

class KeySignerTest {

    /** The private key of EIP-712's own example: keccak256("cow"). */
    private static final Credentials COW = Credentials.create(ECKeyPair.create(
            Hash.sha3("cow".getBytes(StandardCharsets.UTF_8))));

    /** EIP-712's example typed data ("Mail"), with chainId written as the decimal string GRID's servers send. */
    private static final String MAIL = """
            {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
              {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
             "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
             "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
             "primaryType":"Mail",
             "domain":{"name":"Ether Mail","version":"1","chainId":"%s",
               "verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
             "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
               "to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
            """;

    /** The signature EIP-712 publishes for that example. */
    private static final String MAIL_SIGNATURE = "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
            + "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c";

    @Test
    void signsTypedDataAsEip712sOwnExample() {
        String signature = KeySigner.of(COW).signTypedData(MAIL.formatted("1"));

        assertThat(signature).isEqualTo(MAIL_SIGNATURE);
    }

    @Test
    void readsUintsWrittenAsDecimalStringsOrNumbers() {
        String asNumber = MAIL.formatted("1").replace("\"chainId\":\"1\"", "\"chainId\":1");

        assertThat(KeySigner.of(COW).signTypedData(asNumber)).isEqualTo(MAIL_SIGNATURE);
    }

    @Test
    void signsPersonalMessagesRecoverablyToItsAddress() throws Exception {
        KeySigner signer = KeySigner.of(COW);

        byte[] signature = Numeric.hexStringToByteArray(signer.signPersonalMessage("Sign in to GRID order 7"));

        Sign.SignatureData data = new Sign.SignatureData(signature[64], java.util.Arrays.copyOfRange(signature, 0, 32),
                java.util.Arrays.copyOfRange(signature, 32, 64));
        String recovered = "0x" + Keys.getAddress(Sign.signedPrefixedMessageToKey(
                "Sign in to GRID order 7".getBytes(StandardCharsets.UTF_8), data));
        assertThat(recovered).isEqualTo(signer.address().value());
        assertThat(signer.address().value()).isEqualTo("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
    }

    @Test
    void readsSmallUintsAndNestedIntegersWrittenAsDecimalStrings() throws Exception {
        String typed = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                  {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
                  "Slot":[{"name":"cpu","type":"uint64"},{"name":"gpus","type":"uint32"}],
                  "Order":[{"name":"slot","type":"Slot"},{"name":"nonce","type":"uint256"}]},
                 "primaryType":"Order","domain":{"name":"GRID Market","version":"1","chainId":"31337",
                   "verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
                 "message":{"slot":{"cpu":"1000","gpus":"2"},"nonce":"7"}}
                """;

        String asNumbers = KeySigner.integersAsNumbers(typed);

        assertThat(asNumbers).contains("\"chainId\":31337", "\"cpu\":1000", "\"gpus\":2", "\"nonce\":7");
        assertThat(KeySigner.of(COW).signTypedData(typed)).isEqualTo(KeySigner.of(COW).signTypedData(asNumbers));
    }

    @Test
    void refusesTypedDataThatIsNotEip712() {
        assertThatThrownBy(() -> KeySigner.of(COW).signTypedData("{\"types\":{}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid EIP-712");
    }

    @Test
    void opensAnEncryptedKeystoreWithItsPasswordOnly(@TempDir Path dir) throws Exception {
        String name = WalletUtils.generateWalletFile("right password", COW.getEcKeyPair(), dir.toFile(), false);
        Path file = dir.resolve(name);

        assertThat(KeySigner.fromKeystore(file, "right password").address().value())
                .isEqualTo("0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
        assertThatThrownBy(() -> KeySigner.fromKeystore(file, "wrong password"))
                .isInstanceOf(KeySigner.WrongPasswordException.class);
    }

    @Test
    void saysWhenAFileIsNoKeystore(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.json"), "{\"hello\":1}");

        assertThatThrownBy(() -> KeySigner.fromKeystore(file, "x")).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not a web3 keystore");
    }
}
