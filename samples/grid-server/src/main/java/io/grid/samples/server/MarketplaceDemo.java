package io.grid.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.core.money.Settlement;
import io.grid.core.signin.SignInMessage;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.http.Json;
import io.grid.starter.ChainContracts;
import io.grid.starter.GridProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Plays the whole marketplace against this running server, over its real HTTP APIs, and tells each step
 * as a person would read it: a provider registers, a user pays tokens in, buys credits, orders, greets the
 * provider's gateway, deploys the sample app from the gateway's catalog, reaches it through the proxy, and
 * after the order's time the platform settles it; the balances are checked against grid-core's math.
 *
 * <p>It needs the managed local chain, whose development accounts play the provider and the user.
 */
@Component
public class MarketplaceDemo {

    static final UnitPrices PRICES = UnitPrices.of(2, 1, 5, 0);
    static final Resources CAPACITY = Resources.of(16_000, 65_536, 500);
    static final Resources ORDERED = Resources.of(1_000, 1_024, 1);
    static final long DURATION_SECONDS = 600;
    static final BigInteger TOKENS_PAID_IN = BigInteger.TEN.pow(21);
    static final String TEMPLATE = "web-server";

    private final ObjectProvider<LocalChain> localChain;
    private final GridProperties properties;
    private final ChainContracts contracts;
    private final GatewaySettings gateway;
    private final Credentials gatewayProvider;
    private final Json json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrintStream out = System.out;
    private int step;

    public MarketplaceDemo(ObjectProvider<LocalChain> localChain, GridProperties properties, ChainContracts contracts,
                           GatewaySettings gateway, @Qualifier("gridProviderCredentials") Credentials gatewayProvider,
                           Json json) {
        this.localChain = localChain;
        this.properties = properties;
        this.contracts = contracts;
        this.gateway = gateway;
        this.gatewayProvider = gatewayProvider;
        this.json = json;
    }

    /** Tells the demo on {@code stream} instead of standard output. */
    public MarketplaceDemo tellingOn(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** Plays the demo; true when every step passed and the settled balances match grid-core's math. */
    public boolean play() {
        LocalChain chain = localChain.getIfAvailable();
        if (chain == null) {
            out.println("The demo plays with the development accounts of the managed local chain: "
                    + "run with grid.chain.local.enabled=true.");
            return false;
        }
        try {
            return play(chain);
        } catch (DemoStepFailed e) {
            out.println();
            out.println("DEMO FAILED at step " + step + ": " + e.getMessage());
            return false;
        } catch (Exception e) {
            out.println();
            out.println("DEMO FAILED at step " + step + ": " + e);
            return false;
        }
    }

    private boolean play(LocalChain chain) throws Exception {
        Credentials provider = gatewayProvider;
        Credentials user = chain.user(1);
        String platform = "http://" + properties.getHttp().getHost() + ":" + properties.getHttp().getPort();
        String proxy = "http://" + properties.getGateway().getProxyHost() + ":" + properties.getGateway().getProxyPort();
        out.println();
        out.println("GRID marketplace demo — platform and gateway at " + platform + ", proxy at " + proxy);
        out.println("(local development chain " + chain.rpcUrl() + ", simulated Kubernetes unless a kubeconfig is set)");

        tell("Provider " + provider.getAddress() + " registers its gateway " + gateway.publicUrl()
                + " offering " + describe(CAPACITY) + " at " + describe(PRICES) + ".");
        RegistrySignatures registry = new RegistrySignatures(contracts.chainId(), contracts.registry().value());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 3_600);
        BigInteger registryNonce = chain.registry().nonces(provider.getAddress()).send();
        byte[] terms = registry.signRegister(provider, "demo provider", gateway.publicUrl().toString(), CAPACITY, PRICES,
                registryNonce, deadline);
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("provider", provider.getAddress());
        registration.put("name", "demo provider");
        registration.put("gatewayUrl", gateway.publicUrl().toString());
        registration.put("capacity", CAPACITY);
        registration.put("prices", PRICES);
        registration.put("nonce", registryNonce);
        registration.put("deadline", deadline);
        registration.put("signature", Numeric.toHexString(terms));
        expect(post(platform + "/providers", registration), 201, "register the provider");
        say("The platform relayed the provider's signed registration to the registry contract.");

        BigInteger tokensBefore = chain.token().balanceOf(user.getAddress()).send();
        tell("User " + user.getAddress() + " holds " + tokensBefore + " token units in their own wallet.");

        tell("The user transfers " + TOKENS_PAID_IN + " units to the market contract from their wallet.");
        String tx = chain.token(user).transfer(contracts.market().value(), TOKENS_PAID_IN).send().getTransactionHash();
        JsonNode reported = body(expect(post(platform + "/transfers", Map.of("txHash", tx)), 200, "report the transfer"));
        say("Reported transfer " + tx + ": " + reported.get("transfers").get(0).get("state").asText() + ".");

        int confirmations = properties.getChain().getConfirmations();
        tell("The chain grows until the transfer has " + confirmations + " confirmations.");
        for (int i = 1; i < confirmations; i++) {
            chain.mine();
        }
        JsonNode refreshed = body(expect(post(platform + "/transfers/" + tx + "/refresh", Map.of()), 200,
                "refresh the transfer"));
        say("The transfer is now " + refreshed.get("transfers").get(0).get("state").asText() + ".");

        tell("The user buys credits with the confirmed transfer (twice, to show it counts once).");
        long logIndex = chain.web3j().ethGetTransactionReceipt(tx).send().getTransactionReceipt().orElseThrow()
                .getLogs().get(0).getLogIndex().longValueExact();
        Map<String, Object> purchase = Map.of("txHash", tx, "logIndex", logIndex);
        JsonNode firstPurchase = body(expect(post(platform + "/credits/purchase", purchase), 200, "purchase credits"));
        JsonNode secondPurchase = body(expect(post(platform + "/credits/purchase", purchase), 200, "purchase again"));
        if (!sameCredit(firstPurchase, secondPurchase)) {
            throw new DemoStepFailed("the second purchase gave another credit: " + firstPurchase + " then "
                    + secondPurchase);
        }
        say("One credit of " + secondPurchase.get("amount").asText() + " units for (" + tx + ", " + logIndex + "), now "
                + secondPurchase.get("state").asText() + ".");
        JsonNode creditsBefore = body(expect(get(platform + "/credits/" + user.getAddress()), 200, "read credits"));
        say("Credits: " + creditsBefore.get("available").asText() + " available, "
                + creditsBefore.get("escrowed").asText() + " in escrow.");

        tell("The user asks for a quote: " + describe(ORDERED) + " for " + DURATION_SECONDS + " s.");
        JsonNode quote = body(expect(post(platform + "/orders/quote", Map.of("provider", provider.getAddress(),
                "resources", ORDERED, "durationSeconds", DURATION_SECONDS)), 200, "quote"));
        BigInteger cost = new BigInteger(quote.get("cost").asText());
        say("The registry's prices make it " + cost + " units.");

        tell("The user signs the order with the quoted cost as the most it pays (maxCost); the platform creates it on "
                + "chain and moves the cost into escrow. A price raised before it is mined would make it fail, not cost more.");
        MarketSignatures market = new MarketSignatures(contracts.chainId(), contracts.market().value());
        BigInteger marketNonce = chain.market().nonces(user.getAddress()).send();
        byte[] orderSignature = market.signCreateOrder(user, provider.getAddress(), ORDERED.cpuMillicores(),
                ORDERED.memoryMib(), ORDERED.storageGib(), ORDERED.gpuCount(), DURATION_SECONDS, cost, marketNonce, deadline);
        Map<String, Object> orderRequest = new LinkedHashMap<>();
        orderRequest.put("user", user.getAddress());
        orderRequest.put("provider", provider.getAddress());
        orderRequest.put("resources", ORDERED);
        orderRequest.put("durationSeconds", DURATION_SECONDS);
        orderRequest.put("maxCost", cost);
        orderRequest.put("nonce", marketNonce);
        orderRequest.put("deadline", deadline);
        orderRequest.put("signature", Numeric.toHexString(orderSignature));
        JsonNode order = body(expect(post(platform + "/orders", orderRequest), 201, "create the order"));
        BigInteger orderId = new BigInteger(order.get("id").asText());
        say("Order " + orderId + " is " + order.get("state").asText() + ", cost " + order.get("cost").asText() + ".");

        tell("Greet 0: the gateway checks it can serve the order and that it is paid in full at its prices.");
        expect(post(platform + "/gateway/greet", Map.of("type", 0, "orderId", orderId)), 200, "greet 0");
        say("Resources available and payment complete.");
        tell("Greet 1: the gateway checks it is the payee and accepts the order on chain.");
        JsonNode accepted = body(expect(post(platform + "/gateway/greet", Map.of("type", 1, "orderId", orderId)),
                200, "greet 1"));
        say("Order " + orderId + " is " + accepted.get("state").asText() + ".");
        tell("Greet 2: the user signs a sign-in message with a fresh nonce and receives the gateway's cookie.");
        String nonce = body(expect(get(platform + "/gateway/orders/" + orderId + "/nonce"), 200, "get a nonce"))
                .get("nonce").asText();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String message = new SignInMessage(gateway.domain(), Address.of(user.getAddress()),
                "Sign in to GRID order " + orderId, gateway.publicUrl().toString(), contracts.chainId(), orderId, nonce,
                now, now.plus(Duration.ofHours(1))).text();
        HttpResponse<String> signedIn = expect(post(platform + "/gateway/greet", Map.of("type", 2,
                "orderId", orderId, "message", message, "signature", sign(user, message))), 200, "greet 2");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow(
                () -> new DemoStepFailed("greet 2 set no cookie")).split(";", 2)[0];
        say("Signed in; the cookie is HttpOnly and ends with the order.");

        tell("The user deploys the catalog app '" + TEMPLATE + "' (YAML shipped with the gateway).");
        JsonNode deployed = body(expect(post(platform + "/gateway/deploy", Map.of("orderId", orderId,
                "templateId", TEMPLATE), "Cookie", cookie), 200, "deploy"));
        say("Deployed into namespace " + deployed.get("namespace").asText() + ": " + deployed.get("objects")
                + ", ready " + deployed.get("ready").asBoolean() + ".");

        tell("A request through the gateway's proxy reaches the app.");
        HttpResponse<String> app = expect(get(proxy + "/orders/" + orderId + "/app/", "Cookie", cookie), 200,
                "reach the app");
        say("The app answered: " + app.body().lines().findFirst().orElse("(empty)"));

        tell("Time passes: the chain moves " + (DURATION_SECONDS + 5) + " s on; the order's time is over.");
        chain.advance(DURATION_SECONDS + 5);
        JsonNode settled = await(platform + "/orders/" + orderId,
                o -> o.get("settled").asBoolean() && o.get("state").asText().equals("COMPLETED"), Duration.ofSeconds(90));
        say("Order " + orderId + " is " + settled.get("state").asText() + " and settled by the scheduled jobs.");

        tell("Balances before and after.");
        Settlement.Split expected = Settlement.at(cost, DURATION_SECONDS,
                Instant.parse(settled.get("startedAt").asText()), Instant.parse(settled.get("endedAt").asText()));
        BigInteger earnings = chain.market().earningsOf(provider.getAddress()).send();
        JsonNode creditsAfter = body(expect(get(platform + "/credits/" + user.getAddress()), 200, "read credits"));
        BigInteger availableBefore = new BigInteger(creditsBefore.get("available").asText());
        BigInteger availableAfter = new BigInteger(creditsAfter.get("available").asText());
        say(String.format("user credits:      %s -> %s", availableBefore, availableAfter));
        say(String.format("provider earnings: %s -> %s", BigInteger.ZERO, earnings));
        say(String.format("order cost %s = provider share %s + refund %s (served %d of %d s)", cost,
                expected.providerShare(), expected.refund(), expected.servedSeconds(), DURATION_SECONDS));
        boolean matches = earnings.equals(expected.providerShare())
                && availableAfter.equals(availableBefore.subtract(cost).add(expected.refund()))
                && new BigInteger(settled.get("providerShare").asText()).equals(expected.providerShare());
        out.println();
        out.println(matches ? "DEMO OK: the settled balances match grid-core's settlement to the unit."
                : "DEMO FAILED: the settled balances do not match grid-core's settlement.");
        return matches;
    }

    /** Two purchase answers name the same single credit (its state may have moved on from the first). */
    private static boolean sameCredit(JsonNode first, JsonNode second) {
        return first.get("txHash").equals(second.get("txHash")) && first.get("logIndex").equals(second.get("logIndex"))
                && first.get("user").equals(second.get("user")) && first.get("amount").equals(second.get("amount"));
    }

    private void tell(String text) {
        step++;
        out.println();
        out.println(step + ". " + text);
    }

    private void say(String text) {
        out.println("   " + text);
    }

    private static String describe(Resources r) {
        return r.cpuMillicores() + " mCPU, " + r.memoryMib() + " MiB, " + r.storageGib() + " GiB";
    }

    private static String describe(UnitPrices p) {
        return p.perCpuMillicore() + "/mCPU·s, " + p.perMemoryMib() + "/MiB·s, " + p.perStorageGib() + "/GiB·s";
    }

    static String sign(Credentials user, String text) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8),
                user.getEcKeyPair());
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    private HttpResponse<String> post(String url, Object body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.write(body)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new DemoStepFailed("could not " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    private JsonNode body(HttpResponse<String> response) throws IOException {
        return json.mapper().readTree(response.body());
    }

    private JsonNode await(String url, Predicate<JsonNode> done, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = body(expect(get(url), 200, "read " + url));
            if (done.test(last)) {
                return last;
            }
            Thread.onSpinWait();
            synchronized (this) {
                wait(500);
            }
        }
        throw new DemoStepFailed("gave up waiting after " + patience + "; last answer " + last);
    }

    /** A demo step that did not go as a working marketplace would have it. */
    static final class DemoStepFailed extends RuntimeException {
        DemoStepFailed(String message) {
            super(message);
        }
    }
}
