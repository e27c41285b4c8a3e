package io.grid.routes.gateway.greet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.routes.gateway.TestGateway;
import io.grid.routes.gateway.proxy.BufferLeakWatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import static io.grid.routes.gateway.TestGateway.body;
import static io.grid.routes.gateway.TestGateway.reason;
import static org.assertj.core.api.Assertions.assertThat;

/** The greet steps over real HTTP against a real local chain and Derby. */
@ExtendWith(BufferLeakWatch.class)
class GatewayGreetRoutesTest {

    static final Resources ALLOCATABLE = Resources.of(32_000, 65_536, 500);

    @TempDir
    static Path directory;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(directory, ALLOCATABLE);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    Credentials user(int n) {
        return gateway.chain().user(n);
    }

    BigInteger smallOrder(Credentials user) throws Exception {
        return gateway.createOrder(user, gateway.provider(), TestGateway.SMALL, 3_600);
    }

    @Test
    void passesTypeZeroForAnOrderPaidInFullThatFits() throws Exception {
        BigInteger order = smallOrder(user(1));

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("state").asText()).isEqualTo("CREATED");
    }

    @Test
    void refusesTypeZeroForAnOrderOfAnotherProvider() throws Exception {
        BigInteger order = gateway.createOrder(user(1), gateway.otherProvider(), TestGateway.SMALL, 3_600);

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(reason(response)).isEqualTo("OTHER_PROVIDER");
    }

    @Test
    void refusesTypeZeroForAnOrderBeyondTheFreeCapacity() throws Exception {
        BigInteger order = gateway.createOrder(user(2), gateway.provider(), Resources.of(40_000, 512, 1), 60);

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(reason(response)).isEqualTo("INSUFFICIENT_CAPACITY");
    }

    @Test
    void refusesTypeZeroForAnOrderPaidBelowTheProvidersCurrentPrice() throws Exception {
        BigInteger order = smallOrder(user(3));
        gateway.raisePrices(2);

        HttpResponse<String> response = gateway.greet(0, order);
        gateway.raisePrices(1);

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(reason(response)).isEqualTo("UNDERPAID");
    }

    @Test
    void refusesTypeZeroForAnOrderWhoseTimeRanOutBeforeAcceptance() throws Exception {
        BigInteger order = gateway.createOrder(user(4), gateway.provider(), TestGateway.SMALL, 5);
        gateway.chain().advance(10);

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(reason(response)).isEqualTo("ORDER_EXPIRED");
    }

    @Test
    void refusesTypeZeroForACancelledOrder() throws Exception {
        BigInteger order = smallOrder(user(5));
        gateway.cancel(user(5), order);

        HttpResponse<String> response = gateway.greet(0, order);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(reason(response)).isEqualTo("ORDER_NOT_OPEN");
    }

    @Test
    void answersAnOrderThatDoesNotExistWith404() throws Exception {
        HttpResponse<String> response = gateway.greet(0, BigInteger.valueOf(999_999));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(reason(response)).isEqualTo("UNKNOWN_ORDER");
    }

    @Test
    void refusesAnUnknownGreetTypeWith400() throws Exception {
        HttpResponse<String> response = gateway.post("/gateway/greet", "{\"type\":3,\"orderId\":\"1\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void acceptsTheOrderOnChainAndStoresItWhenThisProviderIsThePayee() throws Exception {
        BigInteger order = smallOrder(user(6));

        HttpResponse<String> response = gateway.greet(1, order);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response).get("state").asText()).isEqualTo("ACTIVE");
        assertThat(gateway.chainState(order)).isEqualTo(OrderState.ACTIVE);
        assertThat(gateway.storedOrder(order).startedAt()).isNotNull();
        assertThat(gateway.storedOrder(order).state()).isEqualTo(OrderState.ACTIVE);
    }

    @Test
    void answersTypeOneAgainForAnOrderAcceptedAlready() throws Exception {
        BigInteger order = smallOrder(user(6));
        gateway.greet(1, order);

        HttpResponse<String> again = gateway.greet(1, order);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void refusesTypeOneWhenAnotherProviderIsThePayee() throws Exception {
        BigInteger order = gateway.createOrder(user(7), gateway.otherProvider(), TestGateway.SMALL, 3_600);

        HttpResponse<String> response = gateway.greet(1, order);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(reason(response)).isEqualTo("WRONG_PAYEE");
        assertThat(gateway.chainState(order)).isEqualTo(OrderState.CREATED);
    }

    @Test
    void issuesAnHttpOnlyStrictCookieAndTheSameTokenInTheBodyOnSignIn() throws Exception {
        Credentials user = user(8);
        BigInteger order = smallOrder(user);
        gateway.greet(1, order);
        String text = gateway.message(user, order, gateway.nonce(order), gateway.domain()).text();

        HttpResponse<String> response = gateway.greetSignIn(order, text, TestGateway.sign(user, text));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode signedIn = body(response);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(gateway.cookieName() + "=" + signedIn.get("token").asText() + ";")
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        assertThat(Instant.parse(signedIn.get("cookieExpires").asText()))
                .isBeforeOrEqualTo(gateway.storedOrder(order).scheduledEnd());
    }

    @Test
    void signInTextIsExactlyWhatTheUserSignsToSignIn() throws Exception {
        Credentials user = user(1);
        BigInteger order = smallOrder(user);
        gateway.greet(1, order);

        JsonNode toSign = body(gateway.get("/gateway/orders/" + order + "/sign-in?address=" + user.getAddress()));
        String text = toSign.get("message").asText();
        ObjectNode submit = (ObjectNode) toSign.get("submit").get("body");
        submit.put("signature", TestGateway.sign(user, text));
        HttpResponse<String> response = gateway.post(toSign.get("submit").get("path").asText(), submit.toString());

        assertThat(toSign.get("submit").get("method").asText()).isEqualTo("POST");
        assertThat(text).startsWith(gateway.domain() + " wants you to sign in with your Ethereum account:\n"
                + Keys.toChecksumAddress(user.getAddress()) + "\n").endsWith("- urn:grid:order:" + order);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(body(response).get("token").asText()).isNotBlank();
    }

    @Test
    void refusesSignInTextForAnotherUserOrWithoutAnAddress() throws Exception {
        BigInteger order = smallOrder(user(2));
        gateway.greet(1, order);

        HttpResponse<String> foreign = gateway.get("/gateway/orders/" + order + "/sign-in?address=" + user(3).getAddress());
        HttpResponse<String> missing = gateway.get("/gateway/orders/" + order + "/sign-in");

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(reason(foreign)).isEqualTo("NOT_ORDER_USER");
        assertThat(missing.statusCode()).isEqualTo(400);
    }

    @Test
    void gatewayDescribesItsChainLikeThePlatform() throws Exception {
        JsonNode chain = body(gateway.get("/chain"));

        assertThat(chain.get("chainId").asText()).isEqualTo("31337");
        assertThat(chain.get("payTo").asText()).isEqualToIgnoringCase(gateway.chain().market().getContractAddress());
        assertThat(chain.get("token").get("decimals").asInt()).isEqualTo(18);
        assertThat(chain.get("rpcUrl").asText()).isEqualTo(gateway.chain().rpcUrl());
        assertThat(chain.get("domains").get("registry").get("name").asText()).isEqualTo("GRID ProviderRegistry");
    }

    @Test
    void refusesAReplayedSignIn() throws Exception {
        Credentials user = user(9);
        BigInteger order = smallOrder(user);
        gateway.greet(1, order);
        String text = gateway.message(user, order, gateway.nonce(order), gateway.domain()).text();
        gateway.greetSignIn(order, text, TestGateway.sign(user, text));

        HttpResponse<String> replay = gateway.greetSignIn(order, text, TestGateway.sign(user, text));

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(reason(replay)).isEqualTo("NONCE_REPLAYED");
    }

    @Test
    void refusesASignInMessageMadeForAnotherDomain() throws Exception {
        Credentials user = user(10);
        BigInteger order = smallOrder(user);
        gateway.greet(1, order);
        String text = gateway.message(user, order, gateway.nonce(order), "evil.example").text();

        HttpResponse<String> response = gateway.greetSignIn(order, text, TestGateway.sign(user, text));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(reason(response)).isEqualTo("WRONG_DOMAIN");
    }

    @Test
    void refusesASignInMessageMadeForAnotherOrder() throws Exception {
        Credentials user = user(11);
        BigInteger order = smallOrder(user);
        BigInteger otherOrder = smallOrder(user);
        gateway.greet(1, order);
        gateway.greet(1, otherOrder);
        String text = gateway.message(user, otherOrder, gateway.nonce(otherOrder), gateway.domain()).text();

        HttpResponse<String> response = gateway.greetSignIn(order, text, TestGateway.sign(user, text));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(reason(response)).isEqualTo("WRONG_ORDER");
    }

    @Test
    void refusesASignInByAnotherUserThanTheOrders() throws Exception {
        BigInteger order = smallOrder(user(12));
        gateway.greet(1, order);
        Credentials stranger = user(13);
        String text = gateway.message(stranger, order, gateway.nonce(order), gateway.domain()).text();

        HttpResponse<String> response = gateway.greetSignIn(order, text, TestGateway.sign(stranger, text));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(reason(response)).isEqualTo("NOT_ORDER_USER");
    }

    @Test
    void refusesAMalformedSignatureWith400() throws Exception {
        Credentials user = user(12);
        BigInteger order = smallOrder(user);
        gateway.greet(1, order);
        String text = gateway.message(user, order, gateway.nonce(order), gateway.domain()).text();

        HttpResponse<String> response = gateway.greetSignIn(order, text, "0x1234");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(reason(response)).isEqualTo("MALFORMED_SIGNATURE");
    }

    @Test
    void refusesANonceForAnOrderNotAcceptedYet() throws Exception {
        BigInteger order = smallOrder(user(14));

        HttpResponse<String> response = gateway.get("/gateway/orders/" + order + "/nonce");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(reason(response)).isEqualTo("ORDER_NOT_ACCEPTED");
    }
}
