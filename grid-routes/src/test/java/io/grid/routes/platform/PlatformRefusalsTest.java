package io.grid.routes.platform;

import static io.grid.routes.platform.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/** What the platform API refuses, and that a refusal changes nothing on chain. */
class PlatformRefusalsTest {

    private static final Resources CAPACITY = Resources.of(4000, 8192, 100);
    private static final Resources SMALL = Resources.of(500, 512, 1);
    private static final UnitPrices PRICES = UnitPrices.of(5, 1, 2, 0);

    @TempDir
    static Path directory;
    static PlatformFixture fixture;
    static Credentials provider;

    @BeforeAll
    static void start() throws Exception {
        fixture = new PlatformFixture(directory);
        provider = fixture.chain.provider(1);
        assertThat(fixture.register(provider, CAPACITY, PRICES).statusCode()).isEqualTo(201);
        fixture.buyCredits(fixture.chain.user(1), new BigInteger("1000000000000000000"));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void refusesUnsignedRegistrationWith401() throws Exception {
        Map<String, Object> terms = fixture.providerTerms(fixture.chain.provider(2), CAPACITY, PRICES, false,
                fixture.deadline());
        terms.remove("signature");

        assertProblem(fixture.post("/providers", terms), 401, "SIGNATURE_MISMATCH");
        assertThat(fixture.chain.registry().isRegistered(fixture.chain.provider(2).getAddress()).send()).isFalse();
    }

    @Test
    void refusesRegistrationSignedBySomebodyElseWith401() throws Exception {
        Map<String, Object> terms = fixture.providerTerms(fixture.chain.user(5), CAPACITY, PRICES, false,
                fixture.deadline());
        terms.put("provider", fixture.chain.provider(2).getAddress());

        assertProblem(fixture.post("/providers", terms), 401, "SIGNATURE_MISMATCH");
        assertThat(fixture.chain.registry().isRegistered(fixture.chain.provider(2).getAddress()).send()).isFalse();
    }

    @Test
    void refusesReplayedUpdateWith401() throws Exception {
        Map<String, Object> update = fixture.providerTerms(provider, CAPACITY, UnitPrices.of(6, 1, 2, 0), true,
                fixture.deadline());
        assertThat(fixture.put("/providers/" + provider.getAddress(), update).statusCode()).isEqualTo(200);

        assertProblem(fixture.put("/providers/" + provider.getAddress(), update), 401, "NONCE_REPLAYED");
    }

    @Test
    void refusesExpiredDeadlineWith401() throws Exception {
        BigInteger past = BigInteger.valueOf(fixture.chain.latestTimestamp() - 1);
        Map<String, Object> terms = fixture.providerTerms(fixture.chain.provider(3), CAPACITY, PRICES, false, past);

        assertProblem(fixture.post("/providers", terms), 401, "MESSAGE_EXPIRED");
    }

    @Test
    void refusesMalformedSignatureAndBodyWith400Problem() throws Exception {
        Map<String, Object> terms = fixture.providerTerms(fixture.chain.provider(3), CAPACITY, PRICES, false,
                fixture.deadline());
        terms.put("signature", "0x1234");

        assertProblem(fixture.post("/providers", terms), 400, "MALFORMED_SIGNATURE");
        assertProblem(fixture.post("/providers", "{not json"), 400, "BAD_REQUEST");
        assertProblem(fixture.post("/orders", "[]"), 400, "BAD_REQUEST");
        assertProblem(fixture.post("/orders/quote", Map.of("provider", "0x12", "resources", SMALL,
                "durationSeconds", 60)), 400, "BAD_REQUEST");
    }

    @Test
    void refusesOrderCarryingAPriceOrABalanceWith400() throws Exception {
        Credentials user = fixture.chain.user(1);
        Map<String, Object> withPrice = new LinkedHashMap<>(fixture.orderRequest(user, provider, SMALL, 60, fixture.deadline()));
        withPrice.put("price", "1");
        Map<String, Object> withBalance = new LinkedHashMap<>(fixture.orderRequest(user, provider, SMALL, 60, fixture.deadline()));
        withBalance.put("balance", "1000000");
        Map<String, Object> quoteWithPrice = Map.of("provider", provider.getAddress(), "resources", SMALL,
                "durationSeconds", 60, "cost", "1");
        BigInteger ordersBefore = fixture.chain.market().orderCount().send();

        assertProblem(fixture.post("/orders", withPrice), 400, "BAD_REQUEST");
        assertProblem(fixture.post("/orders", withBalance), 400, "BAD_REQUEST");
        assertProblem(fixture.post("/orders/quote", quoteWithPrice), 400, "BAD_REQUEST");
        assertThat(fixture.chain.market().orderCount().send()).isEqualTo(ordersBefore);
    }

    @Test
    void refusesAnyRequestCarryingAPrivateKeyWith400() throws Exception {
        Credentials user = fixture.chain.user(1);
        Map<String, Object> order = new LinkedHashMap<>(fixture.orderRequest(user, provider, SMALL, 60, fixture.deadline()));
        order.put("privateKey", Numeric.toHexStringNoPrefix(user.getEcKeyPair().getPrivateKey()));
        BigInteger ordersBefore = fixture.chain.market().orderCount().send();

        HttpResponse<String> response = fixture.post("/orders", order);

        assertProblem(response, 400, "BAD_REQUEST");
        assertThat(json(response).get("detail").asText()).contains("privateKey");
        assertThat(fixture.chain.market().orderCount().send()).isEqualTo(ordersBefore);
    }

    @Test
    void refusesOrderSignedByAnotherUserWith401AndReplayedOrderWith401() throws Exception {
        Credentials user = fixture.chain.user(1);
        Map<String, Object> forged = new LinkedHashMap<>(fixture.orderRequest(fixture.chain.user(2), provider, SMALL,
                60, fixture.deadline()));
        forged.put("user", user.getAddress());
        assertProblem(fixture.post("/orders", forged), 401, "SIGNATURE_MISMATCH");

        Map<String, Object> genuine = fixture.orderRequest(user, provider, SMALL, 60, fixture.deadline());
        assertThat(fixture.post("/orders", genuine).statusCode()).isEqualTo(201);
        assertProblem(fixture.post("/orders", genuine), 401, "NONCE_REPLAYED");
    }

    @Test
    void refusesOrderWhosePriceRoseAfterItWasSignedWith409AndMovesNothing() throws Exception {
        Credentials user = fixture.chain.user(1);
        Credentials raising = fixture.chain.provider(4);
        assertThat(fixture.register(raising, CAPACITY, PRICES).statusCode()).isEqualTo(201);
        BigInteger quoted = new BigInteger(json(fixture.post("/orders/quote", Map.of("provider", raising.getAddress(),
                "resources", SMALL, "durationSeconds", 60))).get("cost").asText());
        Map<String, Object> signedAtQuote = fixture.orderRequest(user, raising, SMALL, 60, fixture.deadline(), quoted);
        assertThat(fixture.put("/providers/" + raising.getAddress(), fixture.providerTerms(raising, CAPACITY,
                UnitPrices.of(5_000, 1_000, 2_000, 0), true, fixture.deadline())).statusCode()).isEqualTo(200);
        BigInteger ordersBefore = fixture.chain.market().orderCount().send();
        BigInteger creditsBefore = fixture.chain.market().creditOf(user.getAddress()).send();

        HttpResponse<String> response = fixture.post("/orders", signedAtQuote);

        assertProblem(response, 409, "COST_ABOVE_LIMIT");
        assertThat(json(response).get("detail").asText()).contains("maxCost").contains(quoted.toString());
        assertThat(fixture.chain.market().orderCount().send()).isEqualTo(ordersBefore);
        assertThat(fixture.chain.market().creditOf(user.getAddress()).send()).isEqualTo(creditsBefore);
    }

    @Test
    void refusesOrderWithoutMaxCostWith400() throws Exception {
        Map<String, Object> order = new LinkedHashMap<>(fixture.orderRequest(fixture.chain.user(1), provider, SMALL, 60,
                fixture.deadline()));
        order.remove("maxCost");

        assertProblem(fixture.post("/orders", order), 400, "INVALID_INPUT");
    }

    @Test
    void refusesOrderAboveTheUsersCreditsWith402() throws Exception {
        Credentials poor = fixture.chain.user(9);

        assertProblem(fixture.post("/orders", fixture.orderRequest(poor, provider, SMALL, 60, fixture.deadline())),
                402, "INSUFFICIENT_CREDITS");
    }

    @Test
    void answersUnknownOrderAndProviderWith404() {
        assertProblem(fixture.get("/orders/999999"), 404, "NOT_FOUND");
        assertProblem(fixture.get("/providers/" + fixture.chain.user(7).getAddress()), 404, "NOT_FOUND");
        assertProblem(fixture.get("/orders/not-a-number"), 400, "BAD_REQUEST");
    }

    @Test
    void refusesCreditsForAnUnconfirmedTransferWith409() throws Exception {
        String tx = fixture.transferToMarket(fixture.chain.user(3), BigInteger.TEN);
        fixture.post("/transfers", Map.of("txHash", tx));

        assertProblem(fixture.post("/credits/purchase", Map.of("txHash", tx, "logIndex", fixture.logIndexOf(tx))),
                409, "TRANSFER_NOT_CONFIRMED");
        assertThat(fixture.chain.market().creditOf(fixture.chain.user(3).getAddress()).send()).isZero();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("reason").asText()).isEqualTo(reason);
    }
}
