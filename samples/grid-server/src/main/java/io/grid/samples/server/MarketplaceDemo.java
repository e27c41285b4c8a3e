package io.grid.samples.server;

import io.grid.api.ChainDescription;
import io.grid.api.CreditBalance;
import io.grid.api.DeployRequest;
import io.grid.api.DeployResult;
import io.grid.api.GreetResponse;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.Transfer;
import io.grid.api.UnitPrices;
import io.grid.client.ChainNode;
import io.grid.client.Chains;
import io.grid.client.CreditPurchase;
import io.grid.client.GatewayClient;
import io.grid.client.GridClient;
import io.grid.client.GridClientException;
import io.grid.client.KeySigner;
import io.grid.client.OrderStatus;
import io.grid.client.ProviderTerms;
import io.grid.client.Quote;
import io.grid.client.Session;
import io.grid.client.TransferReport;
import io.grid.contracts.chain.LocalChain;
import io.grid.core.money.Settlement;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.starter.GridProperties;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.web3j.crypto.Credentials;

/**
 * Plays the whole marketplace against this running server, as a person with the {@code grid-client} library
 * would, and tells each step as a person would read it: a provider registers, a user pays tokens in, buys
 * credits, orders, greets the provider's gateway, deploys the sample app from the gateway's catalog, reaches it
 * through the proxy, and after the order's time the platform settles it; the balances are checked against
 * grid-core's math. Every signature is made over what the platform or gateway answered to sign.
 *
 * <p>It needs the managed local chain, whose development accounts play the provider and the user, and whose
 * time it moves on, and this server's gateway (a platform-only server, {@code grid.gateway.enabled=false}, has no
 * demo).
 */
@Component
@ConditionalOnProperty(prefix = "grid.gateway", name = "enabled", havingValue = "true")
public class MarketplaceDemo {

    static final UnitPrices PRICES = UnitPrices.of(2, 1, 5, 0);
    static final Resources CAPACITY = Resources.of(16_000, 65_536, 500);
    static final Resources ORDERED = Resources.of(1_000, 1_024, 1);
    static final long DURATION_SECONDS = 600;
    static final BigInteger TOKENS_PAID_IN = BigInteger.TEN.pow(21);
    static final String TEMPLATE = "web-server";

    private final ObjectProvider<LocalChain> localChain;
    private final GridProperties properties;
    private final GatewaySettings gateway;
    private final Credentials gatewayProvider;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PrintStream out = System.out;
    private int step;

    public MarketplaceDemo(ObjectProvider<LocalChain> localChain, GridProperties properties, GatewaySettings gateway,
                           @Qualifier("gridProviderCredentials") Credentials gatewayProvider) {
        this.localChain = localChain;
        this.properties = properties;
        this.gateway = gateway;
        this.gatewayProvider = gatewayProvider;
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
        } catch (DemoStepFailed | GridClientException e) {
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
        KeySigner provider = KeySigner.of(gatewayProvider);
        KeySigner user = KeySigner.of(chain.user(1));
        String platformUrl = "http://" + properties.getHttp().getHost() + ":" + properties.getHttp().getPort();
        String proxy = "http://" + properties.getGateway().getProxyHost() + ":" + properties.getGateway().getProxyPort();
        GridClient platform = GridClient.of(URI.create(platformUrl));
        out.println();
        out.println("GRID marketplace demo — platform and gateway at " + platformUrl + ", proxy at " + proxy);
        out.println("(local development chain " + chain.rpcUrl() + ", simulated Kubernetes unless a kubeconfig is set)");
        ChainDescription described = platform.chain();
        ChainDescription.Token token = described.token();

        tell("Provider " + provider.address() + " registers its gateway " + gateway.publicUrl()
                + " offering " + describe(CAPACITY) + " at " + describe(PRICES) + ".");
        Provider registered = platform.registerProvider(provider, new ProviderTerms("demo provider",
                gateway.publicUrl().toString(), CAPACITY, PRICES));
        say("The platform relayed the provider's signed registration to the registry contract: "
                + (registered.active() ? "active." : "not active?"));

        try (ChainNode node = new ChainNode(described.rpcUrl(), Chains.chainId(described))) {
            BigInteger tokensBefore = node.tokenBalance(token.address(), user.address());
            tell("User " + user.address() + " holds " + Chains.format(token, tokensBefore) + " in their own wallet.");

            tell("The user transfers " + Chains.format(token, TOKENS_PAID_IN) + " to " + described.payTo()
                    + " (the market) from their wallet, signed locally.");
            String tx = node.transferTokens(user, token.address(), described.payTo(), TOKENS_PAID_IN);
            TransferReport reported = platform.reportTransfer(tx);
            say("Reported transfer " + tx + ": " + (reported.transfers().isEmpty() ? "not mined yet"
                    : reported.transfers().get(0).state()) + ".");

            tell("The chain grows (a block a second) until the transfer has " + described.confirmations()
                    + " confirmations.");
            TransferReport refreshed = platform.awaitConfirmed(tx, Duration.ofSeconds(90), r -> { });
            Transfer transfer = refreshed.transfers().get(0);
            say("The transfer is now " + transfer.state() + " with " + transfer.confirmations() + " confirmations.");

            tell("The user buys credits with the confirmed transfer (twice, to show it counts once).");
            CreditPurchase first = platform.purchaseCredits(tx, transfer.logIndex());
            CreditPurchase second = platform.purchaseCredits(tx, transfer.logIndex());
            if (!sameCredit(first, second)) {
                throw new DemoStepFailed("the second purchase gave another credit: " + first + " then " + second);
            }
            say("One credit of " + second.amount() + " units for (" + tx + ", " + transfer.logIndex() + "), now "
                    + second.state() + ".");
            platform.awaitCredited(tx, Duration.ofSeconds(60), r -> { });
            CreditBalance creditsBefore = platform.credits(user.address());
            say("Credits: " + creditsBefore.available() + " available, " + creditsBefore.escrowed() + " in escrow.");

            tell("The user asks for a quote: " + describe(ORDERED) + " for " + DURATION_SECONDS + " s.");
            Quote quote = platform.quote(provider.address(), ORDERED, DURATION_SECONDS);
            BigInteger cost = quote.cost();
            say("The registry's prices make it " + cost + " units.");

            tell("The user signs the order (with the quoted cost as the most they pay); the platform creates it on "
                    + "chain and moves the cost into escrow.");
            OrderStatus order = platform.createOrder(user, provider.address(), ORDERED, DURATION_SECONDS);
            BigInteger orderId = order.id();
            say("Order " + orderId + " is " + order.state() + ", cost " + order.cost() + ".");

            GatewayClient gatewayClient = GatewayClient.of(URI.create(
                    platform.provider(order.provider()).gatewayUrl()));
            tell("Greet 0: the gateway checks it can serve the order and that it is paid in full at its prices.");
            gatewayClient.greetResourcesAndPayment(orderId);
            say("Resources available and payment complete.");
            tell("Greet 1: the gateway checks it is the payee and accepts the order on chain.");
            GreetResponse accepted = gatewayClient.greetPayee(orderId);
            say("Order " + orderId + " is " + accepted.state() + ".");
            tell("Greet 2: the user signs the gateway's sign-in text and receives a session (cookie or bearer).");
            Session session = gatewayClient.signIn(user, orderId);
            say("Signed in until " + session.expires() + "; the cookie is HttpOnly and ends with the order.");

            tell("The user deploys the catalog app '" + TEMPLATE + "' (YAML shipped with the gateway).");
            DeployResult deployed = gatewayClient.deploy(session, new DeployRequest(orderId, null, TEMPLATE));
            say("Deployed into namespace " + deployed.namespace() + ": " + deployed.objects() + ", ready "
                    + deployed.ready() + ".");
            if (!deployed.ready()) {
                gatewayClient.awaitAppReady(session, Duration.ofSeconds(90));
            }

            tell("A request through the gateway's proxy reaches the app.");
            HttpResponse<String> app = http.send(HttpRequest.newBuilder(URI.create(proxy + "/orders/" + orderId
                    + "/app/")).timeout(Duration.ofSeconds(60)).header("Authorization", session.authorization())
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (app.statusCode() != 200) {
                throw new DemoStepFailed("could not reach the app: HTTP " + app.statusCode() + " " + app.body());
            }
            say("The app answered: " + app.body().lines().findFirst().orElse("(empty)"));

            tell("Time passes: the chain moves " + (DURATION_SECONDS + 5) + " s on; the order's time is over.");
            chain.advance(DURATION_SECONDS + 5);
            OrderStatus settled = platform.awaitOrderSettled(orderId, Duration.ofSeconds(90), o -> { });
            say("Order " + orderId + " is " + settled.state() + " and settled by the scheduled jobs.");

            tell("Balances before and after.");
            Settlement.Split expected = Settlement.at(cost, DURATION_SECONDS, settled.startedAt(), settled.endedAt());
            BigInteger earnings = node.earnings(described.market(), provider.address());
            CreditBalance creditsAfter = platform.credits(user.address());
            BigInteger availableBefore = creditsBefore.available();
            BigInteger availableAfter = creditsAfter.available();
            say(String.format("user credits:      %s -> %s", availableBefore, availableAfter));
            say(String.format("provider earnings: %s -> %s", BigInteger.ZERO, earnings));
            say(String.format("order cost %s = provider share %s + refund %s (served %d of %d s)", cost,
                    expected.providerShare(), expected.refund(), expected.servedSeconds(), DURATION_SECONDS));
            boolean matches = earnings.equals(expected.providerShare())
                    && availableAfter.equals(availableBefore.subtract(cost).add(expected.refund()))
                    && settled.providerShare().equals(expected.providerShare());
            long[] receipts = transactionsAndReverted(chain.web3j());
            say("Transactions mined: " + receipts[0] + ", reverted: " + receipts[1]
                    + " (each order is settled once; nothing sent in normal operation fails).");
            out.println();
            out.println(matches && receipts[1] == 0
                    ? "DEMO OK: the settled balances match grid-core's settlement to the unit."
                    : "DEMO FAILED: " + (matches ? receipts[1] + " transactions reverted."
                            : "the settled balances do not match grid-core's settlement."));
            return matches && receipts[1] == 0;
        }
    }

    /**
     * Every transaction the chain mined so far and how many of them reverted (receipt status 0).
     *
     * @param web3j the chain
     * @return {mined, reverted}
     */
    static long[] transactionsAndReverted(org.web3j.protocol.Web3j web3j) throws java.io.IOException {
        long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        long mined = 0;
        long reverted = 0;
        for (long n = 0; n <= latest; n++) {
            var block = web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                    BigInteger.valueOf(n)), false).send().getBlock();
            for (var tx : block.getTransactions()) {
                String hash = (String) tx.get();
                var receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow();
                mined++;
                if (!receipt.isStatusOK()) {
                    reverted++;
                }
            }
        }
        return new long[] {mined, reverted};
    }

    /** Two purchase answers name the same single credit (its state may have moved on from the first). */
    private static boolean sameCredit(CreditPurchase first, CreditPurchase second) {
        return first.txHash().equals(second.txHash()) && first.logIndex() == second.logIndex()
                && first.user().equals(second.user()) && first.amount().equals(second.amount());
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

    /** A demo step that did not go as a working marketplace would have it. */
    static final class DemoStepFailed extends RuntimeException {
        DemoStepFailed(String message) {
            super(message);
        }
    }
}
