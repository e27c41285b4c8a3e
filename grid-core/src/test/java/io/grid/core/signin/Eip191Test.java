package io.grid.core.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Sign;

class Eip191Test {

    private static final String MESSAGE = "Sign in to GRID for order 42";
    private static final String NON_ASCII = "Grüße aus Zürich ✓ 🚀 — Auftrag 42";
    private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();

    private final TestWallet wallet = TestWallet.generate();

    @Test
    void recoversTheSignerOfAPersonalSignSignature() {
        String signature = wallet.sign(MESSAGE);

        assertThat(Eip191.recover(MESSAGE, signature)).isEqualTo(wallet.address());
    }

    @Test
    void acceptsRecoveryByteZeroOrOneAsWellAs27Or28() {
        String signature = wallet.sign(MESSAGE);
        int v = Integer.parseInt(signature.substring(130), 16);
        String lowV = signature.substring(0, 130) + String.format("%02x", v - 27);

        assertThat(v).isIn(27, 28);
        assertThat(Eip191.recover(MESSAGE, lowV)).isEqualTo(wallet.address());
    }

    @Test
    void acceptsSignatureWithoutPrefixAndInUpperCase() {
        String signature = wallet.sign(MESSAGE).substring(2).toUpperCase();

        assertThat(Eip191.recover(MESSAGE, signature)).isEqualTo(wallet.address());
    }

    @Test
    void recoversNonAsciiMessageSignedByWallet() {
        String signature = wallet.sign(NON_ASCII);

        assertThat(Eip191.recover(NON_ASCII, signature)).isEqualTo(wallet.address());
    }

    @Test
    void lengthPrefixIsTheUtf8ByteLengthNotTheCharacterCount() {
        byte[] bytes = NON_ASCII.getBytes(StandardCharsets.UTF_8);
        String byteLengthSignature = wallet.signHash(TestWallet.prefixedHash(bytes, bytes.length));
        String charCountSignature = wallet.signHash(TestWallet.prefixedHash(bytes, NON_ASCII.length()));

        assertThat(bytes.length).isNotEqualTo(NON_ASCII.length());
        assertThat(Eip191.recover(NON_ASCII, byteLengthSignature)).isEqualTo(wallet.address());
        assertThat(Eip191.recover(NON_ASCII, charCountSignature)).isNotEqualTo(wallet.address());
    }

    @Test
    void anotherMessageRecoversAnotherAddress() {
        String signature = wallet.sign(MESSAGE);

        assertThat(Eip191.recover(MESSAGE + ".", signature)).isNotEqualTo(wallet.address());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0x", "0x00", "0xzz"})
    void refusesMissingOrShortSignature(String signature) {
        assertRefused(() -> Eip191.recover(MESSAGE, signature), Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesSignatureOneByteShort() {
        String signature = wallet.sign(MESSAGE).substring(0, 130);

        assertRefused(() -> Eip191.recover(MESSAGE, signature), Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesSignatureOneByteLong() {
        String signature = wallet.sign(MESSAGE) + "00";

        assertRefused(() -> Eip191.recover(MESSAGE, signature), Refusal.MALFORMED_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"g", " ", "\u0661", "\uff10"})
    void refusesSignatureWithNonHexCharacter(String intruder) {
        String signature = wallet.sign(MESSAGE);
        String spoilt = signature.substring(0, 10) + intruder + signature.substring(11);

        assertRefused(() -> Eip191.recover(MESSAGE, spoilt), Refusal.MALFORMED_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 26, 29, 30, 35, 255})
    void refusesRecoveryByteOtherThan0127And28(int v) {
        String signature = wallet.sign(MESSAGE).substring(0, 130) + String.format("%02x", v);

        assertRefused(() -> Eip191.recover(MESSAGE, signature), Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesZeroR() {
        assertRefused(() -> Eip191.recover(MESSAGE, signature(BigInteger.ZERO, BigInteger.ONE, 27)),
                Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesRAtTheCurveOrder() {
        assertRefused(() -> Eip191.recover(MESSAGE, signature(CURVE_ORDER, BigInteger.ONE, 27)),
                Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesZeroS() {
        assertRefused(() -> Eip191.recover(MESSAGE, signature(BigInteger.ONE, BigInteger.ZERO, 27)),
                Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesHighSMirrorOfAValidSignature() {
        String valid = wallet.sign(MESSAGE);
        BigInteger r = new BigInteger(valid.substring(2, 66), 16);
        BigInteger s = new BigInteger(valid.substring(66, 130), 16);
        int v = Integer.parseInt(valid.substring(130), 16);
        // (r, n - s) with the other recovery id is the same signer's signature in its high-s form.
        String mirrored = signature(r, CURVE_ORDER.subtract(s), v == 27 ? 28 : 27);

        assertRefused(() -> Eip191.recover(MESSAGE, mirrored), Refusal.MALFORMED_SIGNATURE);
    }

    @Test
    void refusesSignatureFromWhichNoKeyCanBeRecovered() {
        // 5 is no x coordinate of secp256k1: 5^3 + 7 has no square root modulo p.
        String nobodys = signature(BigInteger.valueOf(5), BigInteger.ONE, 27);

        assertRefused(() -> Eip191.recover(MESSAGE, nobodys), Refusal.SIGNATURE_MISMATCH);
    }

    @Test
    void refusesMissingMessage() {
        String signature = wallet.sign(MESSAGE);

        assertRefused(() -> Eip191.recover(null, signature), Refusal.MALFORMED_MESSAGE);
    }

    private static String signature(BigInteger r, BigInteger s, int v) {
        return "0x" + String.format("%064x", r) + String.format("%064x", s) + String.format("%02x", v);
    }

    static void assertRefused(Runnable action, Refusal refusal) {
        assertThatThrownBy(action::run)
                .isInstanceOf(RefusedException.class)
                .satisfies(thrown -> assertThat(((RefusedException) thrown).refusal()).isEqualTo(refusal));
    }
}
