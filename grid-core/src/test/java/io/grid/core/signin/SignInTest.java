package io.grid.core.signin;

import static io.grid.core.signin.Eip191Test.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignInTest {

    private static final String DOMAIN = "gw.example.org";
    private static final long CHAIN = 11155111;
    private static final BigInteger ORDER = BigInteger.valueOf(42);
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(10));
    private static final SignInExpectation EXPECT = new SignInExpectation(DOMAIN, CHAIN, ORDER);

    private final TestWallet user = TestWallet.generate();
    private final NonceBook nonces = new NonceBook(Duration.ofMinutes(5), 100, new SecureRandom());

    private SignInMessage messageFor(String domain, long chain, BigInteger order, String nonce, Instant issuedAt,
            Instant expiresAt, String statement) {
        return new SignInMessage(domain, user.address(), statement, "https://" + domain + "/orders/" + order, chain,
                order, nonce, issuedAt, expiresAt);
    }

    private String message(String nonce) {
        return messageFor(DOMAIN, CHAIN, ORDER, nonce, NOW, EXPIRES, "Sign in to GRID to use order 42.").text();
    }

    @Test
    void verifiesAMessageSignedByTheAddressItNames() {
        String text = message(nonces.issue(ORDER, NOW));

        VerifiedSignIn verified = SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW.plusSeconds(5));

        assertThat(verified).isEqualTo(new VerifiedSignIn(user.address(), ORDER, EXPIRES));
    }

    @Test
    void verifiesASignatureWithRecoveryByteZeroOrOne() {
        String text = message(nonces.issue(ORDER, NOW));
        String signature = user.sign(text);
        int v = Integer.parseInt(signature.substring(130), 16);
        String lowV = signature.substring(0, 130) + String.format("%02x", v - 27);

        assertThat(SignIn.verify(text, lowV, EXPECT, nonces, NOW).user()).isEqualTo(user.address());
    }

    @Test
    void verifiesANonAsciiStatementSignedByItsUtf8Bytes() {
        String text = messageFor(DOMAIN, CHAIN, ORDER, nonces.issue(ORDER, NOW), NOW, EXPIRES,
                "Anmelden für Auftrag 42 — grüße ✓ 🚀").text();

        assertThat(SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW).user()).isEqualTo(user.address());
    }

    @Test
    void comparesTheExpectedDomainWithoutRegardToCase() {
        String text = message(nonces.issue(ORDER, NOW));

        VerifiedSignIn verified = SignIn.verify(text, user.sign(text),
                new SignInExpectation("GW.Example.ORG", CHAIN, ORDER), nonces, NOW);

        assertThat(verified.user()).isEqualTo(user.address());
    }

    @Test
    void refusesTheSameSignedMessageTwice() {
        String text = message(nonces.issue(ORDER, NOW));
        String signature = user.sign(text);
        SignIn.verify(text, signature, EXPECT, nonces, NOW);

        assertRefused(() -> SignIn.verify(text, signature, EXPECT, nonces, NOW), Refusal.NONCE_REPLAYED);
    }

    @Test
    void refusesSignatureByAnotherAddressWithoutBurningTheNonce() {
        String text = message(nonces.issue(ORDER, NOW));
        String forged = TestWallet.generate().sign(text);

        assertRefused(() -> SignIn.verify(text, forged, EXPECT, nonces, NOW), Refusal.SIGNATURE_MISMATCH);
        assertThat(SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW).user()).isEqualTo(user.address());
    }

    @Test
    void refusesMalformedSignatureWithoutBurningTheNonce() {
        String text = message(nonces.issue(ORDER, NOW));

        assertRefused(() -> SignIn.verify(text, "0x1234", EXPECT, nonces, NOW), Refusal.MALFORMED_SIGNATURE);
        assertThat(SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW).user()).isEqualTo(user.address());
    }

    @Test
    void refusesMalformedMessage() {
        String text = message(nonces.issue(ORDER, NOW)) + "\nRequest ID: 7";

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.MALFORMED_MESSAGE);
    }

    @Test
    void refusesMessageMadeForAnotherDomainWithoutBurningTheNonce() {
        String nonce = nonces.issue(ORDER, NOW);
        String text = messageFor("evil.example.com", CHAIN, ORDER, nonce, NOW, EXPIRES, "Sign in.").text();

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.WRONG_DOMAIN);
        String honest = message(nonce);
        assertThat(SignIn.verify(honest, user.sign(honest), EXPECT, nonces, NOW).user()).isEqualTo(user.address());
    }

    @Test
    void refusesMessageMadeForAnotherChain() {
        String text = messageFor(DOMAIN, 1, ORDER, nonces.issue(ORDER, NOW), NOW, EXPIRES, "Sign in.").text();

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.WRONG_CHAIN);
    }

    @Test
    void refusesMessageMadeForAnotherOrder() {
        BigInteger other = BigInteger.valueOf(43);
        String text = messageFor(DOMAIN, CHAIN, other, nonces.issue(other, NOW), NOW, EXPIRES, "Sign in.").text();

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.WRONG_ORDER);
    }

    @Test
    void refusesNonceIssuedForAnotherOrder() {
        String nonceOfOtherOrder = nonces.issue(BigInteger.valueOf(43), NOW);
        String text = message(nonceOfOtherOrder);

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.WRONG_ORDER);
    }

    @Test
    void refusesNonceNeverIssued() {
        String text = message("a1b2c3d4e5f6a7b8c9d0");

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.UNKNOWN_NONCE);
    }

    @Test
    void refusesNonceIssuedByAnotherGateway() {
        NonceBook otherGateway = new NonceBook(Duration.ofMinutes(5), 100, new SecureRandom());
        String text = message(otherGateway.issue(ORDER, NOW));

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.UNKNOWN_NONCE);
    }

    @Test
    void refusesExpiredNonce() {
        String text = messageFor(DOMAIN, CHAIN, ORDER, nonces.issue(ORDER, NOW), NOW, NOW.plus(Duration.ofHours(1)),
                "Sign in.").text();

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW.plus(Duration.ofMinutes(5))),
                Refusal.UNKNOWN_NONCE);
    }

    @Test
    void refusesMessageAtItsExpirationTime() {
        String text = message(nonces.issue(ORDER, NOW));

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, EXPIRES), Refusal.MESSAGE_EXPIRED);
    }

    @Test
    void refusesMessageIssuedFurtherInTheFutureThanTheTolerance() {
        Instant issued = NOW.plus(SignIn.ISSUED_AT_TOLERANCE).plusSeconds(1);
        String text = messageFor(DOMAIN, CHAIN, ORDER, nonces.issue(ORDER, NOW), issued, EXPIRES, "Sign in.").text();

        assertRefused(() -> SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW), Refusal.MESSAGE_EXPIRED);
    }

    @Test
    void acceptsMessageIssuedWithinTheClockTolerance() {
        Instant issued = NOW.plus(SignIn.ISSUED_AT_TOLERANCE);
        String text = messageFor(DOMAIN, CHAIN, ORDER, nonces.issue(ORDER, NOW), issued, EXPIRES, "Sign in.").text();

        assertThat(SignIn.verify(text, user.sign(text), EXPECT, nonces, NOW).orderId()).isEqualTo(ORDER);
    }

    @Test
    void twoParallelSignInsWithOneNonceSucceedExactlyOnce() throws Exception {
        String text = message(nonces.issue(ORDER, NOW));
        String signature = user.sign(text);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Refusal>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        SignIn.verify(text, signature, EXPECT, nonces, NOW);
                        return null;
                    } catch (RefusedException refused) {
                        return refused.refusal();
                    }
                }));
            }
            start.countDown();

            assertThat(Arrays.asList(outcomes.get(0).get(10, TimeUnit.SECONDS), outcomes.get(1).get(10, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(null, Refusal.NONCE_REPLAYED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesToRunWithoutExpectationNoncesOrTime() {
        String text = message(nonces.issue(ORDER, NOW));
        String signature = user.sign(text);

        assertThatThrownBy(() -> SignIn.verify(text, signature, null, nonces, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignIn.verify(text, signature, EXPECT, null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignIn.verify(text, signature, EXPECT, nonces, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expectationRefusesMissingDomainOrOrder() {
        assertThatThrownBy(() -> new SignInExpectation(" ", CHAIN, ORDER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignInExpectation(null, CHAIN, ORDER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignInExpectation(DOMAIN, CHAIN, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
