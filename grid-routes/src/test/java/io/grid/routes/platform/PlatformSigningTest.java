package io.grid.routes.platform;

import static io.grid.routes.platform.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.chain.LocalChain;
import io.grid.core.money.Pricing;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * {@code GET /chain} and {@code POST /typed-data/{action}} against Anvil: the typed data the platform answers is
 * signed with web3j's own {@link StructuredDataEncoder}, put into the answered request and sent; the platform
 * relays it and the contracts accept it.
 */
class PlatformSigningTest {

    private static final Resources CAPACITY = Resources.of(4000, 8192, 100);
    private static final Resources SMALL = Resources.of(500, 512, 1);
    private static final UnitPrices PRICES = UnitPrices.of(1_000_000, 200_000, 3_000_000, 0);
    private static final BigInteger TOKENS = new BigInteger("1000000000000000000000");

    @TempDir
    static Path directory;
    static PlatformFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new PlatformFixture(directory);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void chainNamesTheContractsTokenConfirmationsAndDomains() throws Exception {
        JsonNode chain = json(fixture.get("/chain"));

        String market = fixture.chain.market().getContractAddress();
        assertThat(chain.get("apiVersion").asText()).isEqualTo("1");
        assertThat(chain.get("chainId").asText()).isEqualTo(Long.toString(LocalChain.CHAIN_ID));
        assertThat(chain.get("token").get("address").asText()).isEqualToIgnoringCase(fixture.chain.token().getContractAddress());
        assertThat(chain.get("token").get("symbol").asText()).isEqualTo(fixture.chain.token().symbol().send());
        assertThat(chain.get("token").get("decimals").asInt()).isEqualTo(18);
        assertThat(chain.get("registry").asText()).isEqualToIgnoringCase(fixture.chain.registry().getContractAddress());
        assertThat(chain.get("market").asText()).isEqualToIgnoringCase(market);
        assertThat(chain.get("payTo").asText()).isEqualToIgnoringCase(market);
        assertThat(chain.get("confirmations").asInt()).isEqualTo(PlatformFixture.CONFIRMATIONS);
        assertThat(chain.get("domains").get("market").get("name").asText()).isEqualTo("GRID Market");
        assertThat(chain.get("domains").get("registry").get("verifyingContract").asText())
                .isEqualToIgnoringCase(fixture.chain.registry().getContractAddress());
        assertThat(chain.has("rpcUrl")).isFalse();
    }

    @Test
    void providerRegistersUpdatesAndDeregistersWithTheTypedDataItWasGiven() throws Exception {
        Credentials provider = fixture.chain.provider(1);
        Map<String, Object> terms = Map.of("provider", provider.getAddress(), "name", "typed provider",
                "gatewayUrl", "https://gw-typed.example", "capacity", CAPACITY, "prices", PRICES);

        HttpResponse<String> registered = signAndSubmit(provider, "register-provider", terms);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(json(registered).get("name").asText()).isEqualTo("typed provider");

        HttpResponse<String> updated = signAndSubmit(provider, "update-provider", Map.of("provider", provider.getAddress(),
                "name", "typed provider 2", "gatewayUrl", "https://gw-typed.example", "capacity", CAPACITY, "prices", PRICES));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(fixture.chain.registry().getProvider(provider.getAddress()).send().component1())
                .isEqualTo("typed provider 2");

        HttpResponse<String> gone = signAndSubmit(provider, "deregister-provider", Map.of("provider", provider.getAddress()));
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
        assertThat(fixture.chain.registry().isRegistered(provider.getAddress()).send()).isFalse();
    }

    @Test
    void userOrdersCancelsAndWithdrawsWithTheTypedDataItWasGiven() throws Exception {
        Credentials provider = fixture.chain.provider(2);
        Credentials user = fixture.chain.user(1);
        fixture.register(provider, CAPACITY, PRICES);
        fixture.buyCredits(user, TOKENS);

        JsonNode toSign = json(fixture.post("/typed-data/create-order", Map.of("user", user.getAddress(),
                "provider", provider.getAddress(), "resources", SMALL, "durationSeconds", 600)));
        assertThat(toSign.get("typedData").get("primaryType").asText()).isEqualTo("CreateOrder");
        assertThat(toSign.get("typedData").get("message").get("nonce").asText())
                .isEqualTo(fixture.chain.market().nonces(user.getAddress()).send().toString());
        assertThat(toSign.get("submit").get("body").get("signature").isNull()).isTrue();
        assertThat(toSign.get("typedData").get("message").get("maxCost").asText())
                .isEqualTo(Pricing.cost(SMALL, PRICES, 600).toString())
                .isEqualTo(toSign.get("submit").get("body").get("maxCost").asText());
        HttpResponse<String> created = submit(user, toSign);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String orderId = json(created).get("id").asText();

        HttpResponse<String> cancelled = signAndSubmit(user, "cancel-order",
                Map.of("user", user.getAddress(), "orderId", orderId));
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).get("state").asText()).isEqualTo("CANCELLED");

        BigInteger tokensBefore = fixture.chain.token().balanceOf(user.getAddress()).send();
        BigInteger credits = fixture.chain.market().creditOf(user.getAddress()).send();
        HttpResponse<String> withdrawn = signAndSubmit(user, "withdraw-credits",
                Map.of("user", user.getAddress(), "amount", credits.toString()));
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        assertThat(new BigInteger(json(withdrawn).get("available").asText())).isZero();
        assertThat(fixture.chain.token().balanceOf(user.getAddress()).send()).isEqualTo(tokensBefore.add(credits));
    }

    @Test
    void typedDataDeadlineIsTheChainsTimePlusTheSignatureTtl() throws Exception {
        Credentials user = fixture.chain.user(2);
        long chainTime = fixture.chain.latestTimestamp();

        JsonNode toSign = json(fixture.post("/typed-data/withdraw-credits", Map.of("user", user.getAddress(), "amount", "1")));

        long deadline = toSign.get("typedData").get("message").get("deadline").asLong();
        assertThat(deadline).isBetween(chainTime + WalletSettings.DEFAULT_SIGNATURE_TTL.toSeconds(),
                fixture.chain.latestTimestamp() + WalletSettings.DEFAULT_SIGNATURE_TTL.toSeconds());
        assertThat(toSign.get("submit").get("path").asText()).isEqualTo("/credits/" + user.getAddress() + "/withdraw");
    }

    @Test
    void refusesAWithdrawalBeyondTheFreeCreditsAndChangesNothing() throws Exception {
        Credentials user = fixture.chain.user(3);

        HttpResponse<String> refused = signAndSubmit(user, "withdraw-credits", Map.of("user", user.getAddress(), "amount", "5"));

        assertProblem(refused, 402, "INSUFFICIENT_CREDITS");
        assertThat(fixture.chain.market().nonces(user.getAddress()).send()).isZero();
    }

    @Test
    void refusesASubmittedBodyThatDiffersFromWhatWasSigned() throws Exception {
        Credentials user = fixture.chain.user(4);
        fixture.buyCredits(user, TOKENS);
        JsonNode toSign = json(fixture.post("/typed-data/withdraw-credits", Map.of("user", user.getAddress(), "amount", "5")));
        String signature = sign(user, toSign.get("typedData"));
        ObjectNode body = (ObjectNode) toSign.get("submit").get("body");
        body.put("signature", signature);
        body.put("amount", "6");

        HttpResponse<String> refused = fixture.post(toSign.get("submit").get("path").asText(), body.toString());

        assertProblem(refused, 401, "SIGNATURE_MISMATCH");
        assertThat(fixture.chain.market().creditOf(user.getAddress()).send()).isEqualTo(TOKENS);
    }

    @Test
    void refusesAnUnknownActionAndFieldsThePlatformFillsItself() {
        assertProblem(fixture.post("/typed-data/transfer-everything", Map.of("user", fixture.chain.user(5).getAddress())),
                404, "UNKNOWN_ACTION");
        assertProblem(fixture.post("/typed-data/withdraw-credits", Map.of("user", fixture.chain.user(5).getAddress(),
                "amount", "1", "nonce", "0")), 400, "BAD_REQUEST");
        assertProblem(fixture.post("/credits/" + fixture.chain.user(5).getAddress() + "/withdraw",
                Map.of("user", fixture.chain.user(6).getAddress(), "amount", "1", "nonce", "0", "deadline", "1",
                        "signature", "0x00")), 400, "BAD_REQUEST");
    }

    @Test
    void openApiNamesEveryOperationByItsRouteIdWithASummary() {
        JsonNode document = json(fixture.get("/openapi.json"));
        java.util.Set<String> routeIds = new java.util.HashSet<>();
        fixture.camel.getRoutes().forEach(route -> routeIds.add(route.getRouteId()));

        java.util.List<String> operations = new java.util.ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            operations.add(operation.getValue().path("operationId").asText());
            assertThat(operation.getValue().path("summary").asText()).as(path.getKey()).isNotBlank();
        }));

        assertThat(operations).isNotEmpty().allSatisfy(id -> assertThat(routeIds).contains(id))
                .contains("grid-platform-chain-rest", "grid-platform-typed-data-rest", "grid-platform-credit-withdraw-rest",
                        "grid-platform-order-create-rest");
    }

    @Test
    void liveRequestsAndResponsesOfChainWithdrawAndProblemsMatchTheOpenApiDocument() {
        com.atlassian.oai.validator.OpenApiInteractionValidator validator = com.atlassian.oai.validator
                .OpenApiInteractionValidator.createForInlineApiSpecification(fixture.get("/openapi.json").body()).build();
        String user = fixture.chain.user(6).getAddress();
        String typedDataRequest = "{\"user\":\"" + user + "\",\"amount\":\"7\"}";

        // The typed-data body differs per action and the document gives it no schema, so only the answer is checked.
        assertMatches(validator, "GET", "/chain", null, fixture.get("/chain"));
        assertMatches(validator, "POST", "/typed-data/withdraw-credits", null,
                fixture.post("/typed-data/withdraw-credits", typedDataRequest.replace("\"7\"", "\"-7\"")));
        String withdraw = "{\"user\":\"" + user + "\",\"amount\":\"7\",\"nonce\":\"0\",\"deadline\":\"1\","
                + "\"signature\":\"0x00\"}";
        assertMatches(validator, "POST", "/credits/" + user + "/withdraw", withdraw,
                fixture.post("/credits/" + user + "/withdraw", withdraw));
    }

    private static void assertMatches(com.atlassian.oai.validator.OpenApiInteractionValidator validator, String method,
                                      String path, String requestBody, HttpResponse<String> response) {
        com.atlassian.oai.validator.model.SimpleRequest.Builder request =
                new com.atlassian.oai.validator.model.SimpleRequest.Builder(method, path);
        if (requestBody != null) {
            request.withBody(requestBody).withContentType("application/json");
        }
        com.atlassian.oai.validator.model.SimpleResponse.Builder answer =
                com.atlassian.oai.validator.model.SimpleResponse.Builder.status(response.statusCode())
                        .withBody(response.body());
        response.headers().firstValue("Content-Type").ifPresent(answer::withContentType);

        com.atlassian.oai.validator.report.ValidationReport report = validator.validate(request.build(), answer.build());

        assertThat(report.getMessages()).as(method + " " + path + " answered " + response.statusCode() + " "
                + response.body()).isEmpty();
    }

    // ------------------------------------------------------------------ a wallet: web3j's own encoder

    private static HttpResponse<String> signAndSubmit(Credentials signer, String action, Map<String, Object> request) {
        HttpResponse<String> answer = fixture.post("/typed-data/" + action, request);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return submit(signer, json(answer));
    }

    private static HttpResponse<String> submit(Credentials signer, JsonNode toSign) {
        ObjectNode body = (ObjectNode) toSign.get("submit").get("body");
        body.put("signature", sign(signer, toSign.get("typedData")));
        String path = toSign.get("submit").get("path").asText();
        return toSign.get("submit").get("method").asText().equals("PUT") ? fixture.put(path, body) : fixture.post(path, body.toString());
    }

    /**
     * Signs typed data as a wallet does; web3j's encoder reads integers only as JSON numbers, so the decimal strings
     * of {@code eth_signTypedData_v4} are handed to it as numbers.
     */
    static String sign(Credentials signer, JsonNode typedData) {
        ObjectNode copy = typedData.deepCopy();
        numbers((ObjectNode) copy.get("domain"), copy.get("types").get("EIP712Domain"));
        numbers((ObjectNode) copy.get("message"), copy.get("types").get(copy.get("primaryType").asText()));
        try {
            byte[] digest = new StructuredDataEncoder(copy.toString()).hashStructuredData();
            Sign.SignatureData s = Sign.signMessage(digest, signer.getEcKeyPair(), false);
            byte[] signature = new byte[65];
            System.arraycopy(s.getR(), 0, signature, 0, 32);
            System.arraycopy(s.getS(), 0, signature, 32, 32);
            signature[64] = s.getV()[0];
            return Numeric.toHexString(signature);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void numbers(ObjectNode values, JsonNode fields) {
        for (JsonNode field : fields) {
            String name = field.get("name").asText();
            if (field.get("type").asText().startsWith("uint")) {
                values.put(name, new BigInteger(values.get(name).asText()));
            }
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("reason").asText()).isEqualTo(reason);
    }
}
