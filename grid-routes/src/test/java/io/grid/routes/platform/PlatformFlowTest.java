package io.grid.routes.platform;

import static io.grid.routes.platform.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.core.money.Pricing;
import io.grid.core.money.Settlement;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** The platform end to end over real HTTP, against Anvil and Derby. */
class PlatformFlowTest {

    private static final BigInteger TOKENS = new BigInteger("1000000000000000000000"); // 1000 tokens
    private static final Resources SMALL = Resources.of(500, 512, 1);
    private static final UnitPrices PRICES = UnitPrices.of(1_000_000, 200_000, 3_000_000, 0);

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
    void providerRegistersUserBuysCreditsOnceOrdersAndTheLifecycleSettlesTheOrderToTheUnit() throws Exception {
        Credentials provider = fixture.chain.provider(1);
        Credentials user = fixture.chain.user(1);
        long duration = 600;

        HttpResponse<String> registered = fixture.register(provider, Resources.of(4000, 8192, 100), PRICES);

        assertThat(registered.statusCode()).isEqualTo(201);
        assertThat(json(registered).get("active").asBoolean()).isTrue();

        String tx = fixture.transferToMarket(user, TOKENS);
        JsonNode reported = json(fixture.post("/transfers", Map.of("txHash", tx)));
        assertThat(reported.get("transfers").get(0).get("state").asText()).isEqualTo("PENDING");
        assertThat(reported.get("transfers").get(0).get("amount").asText()).isEqualTo(TOKENS.toString());

        for (int i = 1; i < PlatformFixture.CONFIRMATIONS; i++) {
            fixture.chain.mine();
        }
        JsonNode refreshed = json(fixture.post("/transfers/" + tx + "/refresh", ""));
        assertThat(refreshed.get("transfers").get(0).get("state").asText()).isIn("CONFIRMED", "CREDITED");

        long logIndex = fixture.logIndexOf(tx);
        JsonNode first = json(fixture.post("/credits/purchase", Map.of("txHash", tx, "logIndex", logIndex)));
        JsonNode second = json(fixture.post("/credits/purchase", Map.of("txHash", tx, "logIndex", logIndex)));

        assertThat(first.get("amount").asText()).isEqualTo(TOKENS.toString());
        assertThat(second).isEqualTo(first);
        assertThat(first.get("state").asText()).isEqualTo("CREDITED");
        assertThat(fixture.chain.market().creditOf(user.getAddress()).send()).isEqualTo(TOKENS);
        assertThat(json(fixture.get("/transfers?user=" + user.getAddress())).get(0).get("state").asText())
                .isEqualTo("CREDITED");

        JsonNode quote = json(fixture.post("/orders/quote", Map.of("provider", provider.getAddress(),
                "resources", SMALL, "durationSeconds", duration)));
        BigInteger cost = Pricing.cost(SMALL, PRICES, duration);
        assertThat(new BigInteger(quote.get("cost").asText())).isEqualTo(cost);

        HttpResponse<String> created = fixture.post("/orders",
                fixture.orderRequest(user, provider, SMALL, duration, fixture.deadline()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode order = json(created);
        BigInteger orderId = new BigInteger(order.get("id").asText());
        assertThat(order.get("state").asText()).isEqualTo("CREATED");
        assertThat(new BigInteger(order.get("cost").asText())).isEqualTo(cost);
        JsonNode escrowed = json(fixture.get("/credits/" + user.getAddress()));
        assertThat(new BigInteger(escrowed.get("escrowed").asText())).isEqualTo(cost);
        assertThat(new BigInteger(escrowed.get("available").asText())).isEqualTo(TOKENS.subtract(cost));

        fixture.chain.market(provider).acceptOrder(orderId).send();
        fixture.chain.advance(duration + 5);

        JsonNode completed = fixture.awaitGet("/orders/" + orderId, o -> o.get("state").asText().equals("COMPLETED"));

        Settlement.Split split = Settlement.at(cost, duration, Instant.parse(completed.get("startedAt").asText()),
                Instant.parse(completed.get("endedAt").asText()));
        assertThat(completed.get("settled").asBoolean()).isTrue();
        assertThat(new BigInteger(completed.get("providerShare").asText())).isEqualTo(split.providerShare());
        assertThat(new BigInteger(completed.get("refund").asText())).isEqualTo(split.refund());
        assertThat(fixture.chain.market().earningsOf(provider.getAddress()).send()).isEqualTo(split.providerShare());
        assertThat(fixture.chain.market().creditOf(user.getAddress()).send())
                .isEqualTo(TOKENS.subtract(cost).add(split.refund()));
        JsonNode balance = json(fixture.get("/credits/" + user.getAddress()));
        assertThat(new BigInteger(balance.get("available").asText())).isEqualTo(TOKENS.subtract(cost).add(split.refund()));
        assertThat(new BigInteger(balance.get("escrowed").asText())).isZero();
    }

    @Test
    void cancellingAnActiveOrderPaysTheProviderForTheTimeServedAndRefundsTheRest() throws Exception {
        Credentials provider = fixture.chain.provider(2);
        Credentials user = fixture.chain.user(2);
        long duration = 1000;
        fixture.register(provider, Resources.of(2000, 4096, 10), UnitPrices.of(7, 3, 11, 0));
        fixture.buyCredits(user, TOKENS);
        JsonNode order = json(fixture.post("/orders",
                fixture.orderRequest(user, provider, SMALL, duration, fixture.deadline())));
        BigInteger orderId = new BigInteger(order.get("id").asText());
        long acceptSent = System.nanoTime();
        fixture.chain.market(provider).acceptOrder(orderId).send();
        fixture.chain.advance(333);

        HttpResponse<String> cancelled = fixture.post("/orders/" + orderId + "/cancel",
                fixture.cancelRequest(user, orderId));
        // Anvil stamps blocks with the wall clock (plus the advance): the cancel's block is later than the accept's
        // by 333 s and by the whole seconds this machine took between the two, several when it is loaded.
        long wallSeconds = Duration.ofNanos(System.nanoTime() - acceptSent).toSeconds() + 1;

        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode view = json(cancelled);
        BigInteger cost = new BigInteger(view.get("cost").asText());
        long served = view.get("servedSeconds").asLong();
        Settlement.Split split = Settlement.at(cost, duration, Instant.parse(view.get("startedAt").asText()),
                Instant.parse(view.get("endedAt").asText()));
        assertThat(view.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(served).isBetween(333L, 333L + wallSeconds).isEqualTo(split.servedSeconds());
        assertThat(new BigInteger(view.get("providerShare").asText())).isEqualTo(split.providerShare());
        assertThat(fixture.chain.market().earningsOf(provider.getAddress()).send()).isEqualTo(split.providerShare());
        assertThat(fixture.chain.market().creditOf(user.getAddress()).send())
                .isEqualTo(TOKENS.subtract(cost).add(split.refund()));
        JsonNode balance = json(fixture.get("/credits/" + user.getAddress()));
        assertThat(new BigInteger(balance.get("available").asText())).isEqualTo(TOKENS.subtract(cost).add(split.refund()));
        assertThat(new BigInteger(balance.get("escrowed").asText())).isZero();
    }

    @Test
    void listsProvidersFilteredByResourcesGpuModelAndPriceCheapestFirst() throws Exception {
        fixture.register(fixture.chain.provider(3), new Resources(8000, 16384, 200, 2, "A100"), UnitPrices.of(9, 9, 9, 90));
        fixture.register(fixture.chain.provider(4), Resources.of(8000, 16384, 200), UnitPrices.of(2, 2, 2, 0));

        JsonNode big = json(fixture.get("/providers?minCpuMillicores=8000&sort=price"));
        JsonNode gpu = json(fixture.get("/providers?minGpuCount=1&gpuModel=a100"));
        JsonNode cheap = json(fixture.get("/providers?minCpuMillicores=8000&maxPriceCpuMillicore=5"));

        assertThat(addresses(big)).containsExactly(address(fixture.chain.provider(4)), address(fixture.chain.provider(3)));
        assertThat(addresses(gpu)).containsExactly(address(fixture.chain.provider(3)));
        assertThat(addresses(cheap)).containsExactly(address(fixture.chain.provider(4)));
        assertThat(json(fixture.get("/providers/" + fixture.chain.provider(3).getAddress())).get("capacity")
                .get("gpuModel").asText()).isEqualTo("A100");
    }

    @Test
    void listsProvidersByWhatTheirOpenOrdersLeaveFreeNotByTotalCapacity() throws Exception {
        // The same terms as in the listing test, so that either test may register provider 4 first.
        Credentials provider = fixture.chain.provider(4);
        Credentials user = fixture.chain.user(5);
        fixture.register(provider, Resources.of(8000, 16384, 200), UnitPrices.of(2, 2, 2, 0));
        fixture.buyCredits(user, TOKENS);
        HttpResponse<String> created = fixture.post("/orders",
                fixture.orderRequest(user, provider, Resources.of(6000, 1024, 10), 60, fixture.deadline()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        BigInteger orderId = new BigInteger(json(created).get("id").asText());

        JsonNode busy = json(fixture.get("/providers/" + provider.getAddress()));
        List<String> fitsFourCores = addresses(json(fixture.get("/providers?minCpuMillicores=4000")));
        List<String> fitsTwoCores = addresses(json(fixture.get("/providers?minCpuMillicores=2000")));
        HttpResponse<String> beyondFree = fixture.post("/orders/quote", Map.of("provider", provider.getAddress(),
                "resources", Map.of("cpuMillicores", 4000, "memoryMib", 1024, "storageGib", 1, "gpuCount", 0),
                "durationSeconds", 60));
        fixture.post("/orders/" + orderId + "/cancel", fixture.cancelRequest(user, orderId));
        List<String> afterCancel = addresses(json(fixture.get("/providers?minCpuMillicores=4000")));

        assertThat(busy.get("capacity").get("cpuMillicores").asLong()).isEqualTo(8000);
        assertThat(busy.get("free").get("cpuMillicores").asLong()).isEqualTo(2000);
        assertThat(busy.get("free").get("memoryMib").asLong()).isEqualTo(15360);
        assertThat(busy.get("free").get("storageGib").asLong()).isEqualTo(190);
        assertThat(fitsFourCores).doesNotContain(address(provider));
        assertThat(fitsTwoCores).contains(address(provider));
        assertThat(afterCancel).contains(address(provider));
        assertThat(beyondFree.statusCode()).as(beyondFree.body()).isBetween(400, 499);
        assertThat(json(beyondFree).get("reason").asText()).isEqualTo("INSUFFICIENT_CAPACITY");
    }

    @Test
    void healthSaysChainAndDatabaseAreUpWithTheBlockNumber() {
        // The platform's jobs may mine a block meanwhile (a settlement, a credit): bound the answer by two reads.
        long before = fixture.chain.blockNumber();
        HttpResponse<String> response = fixture.get("/health");
        long after = fixture.chain.blockNumber();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("chain").get("blockNumber").asLong()).isBetween(before, after);
        assertThat(health.get("database").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void servesTheOpenApiDocumentListingEveryEndpoint() {
        HttpResponse<String> response = fixture.get("/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = json(response).get("paths");
        assertThat(paths.has("/providers")).isTrue();
        assertThat(paths.get("/providers").has("post")).isTrue();
        assertThat(paths.get("/providers/{address}").has("put")).isTrue();
        assertThat(paths.has("/providers/{address}/deregister")).isTrue();
        assertThat(paths.has("/orders/quote")).isTrue();
        assertThat(paths.get("/orders").has("post")).isTrue();
        assertThat(paths.has("/orders/{id}/cancel")).isTrue();
        assertThat(paths.has("/transfers/{txHash}/refresh")).isTrue();
        assertThat(paths.has("/credits/purchase")).isTrue();
        assertThat(paths.has("/credits/{user}")).isTrue();
        assertThat(paths.has("/health")).isTrue();
    }

    private static List<String> addresses(JsonNode providers) {
        List<String> result = new ArrayList<>();
        providers.forEach(p -> result.add(p.get("address").asText()));
        return result;
    }

    private static String address(Credentials account) {
        return Address.of(account.getAddress()).value();
    }
}
