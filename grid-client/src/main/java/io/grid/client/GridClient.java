package io.grid.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.api.CreditBalance;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.SignatureRequest;
import io.grid.api.Transfer;
import io.grid.api.TransferState;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A typed client of a GRID platform's HTTP API. Every signed action asks the platform for the typed data to
 * sign ({@code POST /typed-data/{action}}), has the {@link Signer} sign exactly that and sends the request
 * the platform named; the client builds no digest of its own.
 *
 * <p>Refusals arrive as {@link GridProblemException} (status + reason code), unreachable servers as
 * {@link GridUnavailableException}, waits that run out as {@link GridTimeoutException}. Thread-safe.
 */
public final class GridClient {

    /** How long one request may take unless told otherwise; relayed chain transactions take a few seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final JsonApi api;
    private Duration pollInterval = Duration.ofMillis(500);

    /**
     * @param platform the platform's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param http     the HTTP client to use
     * @param timeout  how long one request may take
     */
    public GridClient(URI platform, HttpClient http, Duration timeout) {
        this.api = new JsonApi(platform, http, timeout);
    }

    /** @return a client of the platform at {@code platform} with a fresh HTTP client and the default timeout */
    public static GridClient of(URI platform) {
        return new GridClient(platform, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                DEFAULT_TIMEOUT);
    }

    /** @return a JSON mapper that reads and writes GRID's bodies as its servers do (amounts as decimal strings) */
    public static com.fasterxml.jackson.databind.ObjectMapper jsonMapper() {
        return JsonApi.mapper();
    }

    /** Sets how often the waiting helpers ask; half a second unless told. */
    public GridClient pollingEvery(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    /** @return the platform's base URL */
    public URI platformUrl() {
        return api.base();
    }

    // ------------------------------------------------------------------ chain

    /** @return the chain, token, contracts and EIP-712 domains the platform works with */
    public ChainDescription chain() {
        return api.get("/chain").as(ChainDescription.class);
    }

    // ------------------------------------------------------------------ providers

    /** @return the registered providers that fit {@code filter} */
    public List<Provider> providers(ProviderFilter filter) {
        return api.get("/providers" + filter.query()).asListOf(Provider.class);
    }

    /** @return one registered provider */
    public Provider provider(Address address) {
        return api.get("/providers/" + address).as(Provider.class);
    }

    /** Registers the signer as a provider with {@code terms} (signed RegisterProvider). */
    public Provider registerProvider(Signer provider, ProviderTerms terms) {
        return signAndSend(provider, "register-provider", termsBody(provider, terms)).as(Provider.class);
    }

    /** Changes the signer's registered terms (signed UpdateProvider). */
    public Provider updateProvider(Signer provider, ProviderTerms terms) {
        return signAndSend(provider, "update-provider", termsBody(provider, terms)).as(Provider.class);
    }

    /** Removes the signer from the registry (signed DeregisterProvider). */
    public Provider deregisterProvider(Signer provider) {
        return signAndSend(provider, "deregister-provider", Map.of("provider", provider.address()))
                .as(Provider.class);
    }

    private static Map<String, Object> termsBody(Signer provider, ProviderTerms terms) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider.address());
        body.put("name", terms.name());
        body.put("gatewayUrl", terms.gatewayUrl());
        body.put("capacity", terms.capacity());
        body.put("prices", terms.prices());
        return body;
    }

    // ------------------------------------------------------------------ orders

    /** @return what {@code resources} for {@code durationSeconds} cost at the provider's registered prices */
    public Quote quote(Address provider, Resources resources, long durationSeconds) {
        return api.post("/orders/quote", Map.of("provider", provider, "resources", resources,
                "durationSeconds", durationSeconds)).as(Quote.class);
    }

    /**
     * Orders {@code resources} from {@code provider} for {@code durationSeconds}, paid from the signer's
     * credits. The platform fills the cost limit the signature binds from its quote now.
     */
    public OrderStatus createOrder(Signer user, Address provider, Resources resources, long durationSeconds) {
        return createOrder(user, orderToSign(user.address(), provider, resources, durationSeconds));
    }

    /**
     * What {@code user} signs to order: the CreateOrder typed data with the nonce, a deadline and the cost limit
     * ({@code maxCost}, the platform's quote now) filled in, to show before {@link #createOrder(Signer,
     * SignatureRequest)} signs and sends it.
     */
    public SignatureRequest orderToSign(Address user, Address provider, Resources resources, long durationSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("provider", provider);
        body.put("resources", resources);
        body.put("durationSeconds", durationSeconds);
        return signatureRequest("create-order", body);
    }

    /** Signs a CreateOrder from {@link #orderToSign} and sends it. */
    public OrderStatus createOrder(Signer user, SignatureRequest toSign) {
        return send(user, toSign).as(OrderStatus.class);
    }

    /** @return one order with its settlement so far */
    public OrderStatus order(BigInteger id) {
        return api.get("/orders/" + id).as(OrderStatus.class);
    }

    /** @return the orders {@code user} made */
    public List<OrderStatus> ordersOfUser(Address user) {
        return api.get("/orders?user=" + user).asListOf(OrderStatus.class);
    }

    /** @return the orders made with {@code provider} */
    public List<OrderStatus> ordersOfProvider(Address provider) {
        return api.get("/orders?provider=" + provider).asListOf(OrderStatus.class);
    }

    /** Cancels the signer's order (signed CancelOrder); the escrow comes back as the contract rules. */
    public OrderStatus cancelOrder(Signer user, BigInteger orderId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.address());
        body.put("orderId", orderId);
        return signAndSend(user, "cancel-order", body).as(OrderStatus.class);
    }

    // ------------------------------------------------------------------ transfers and credits

    /** Tells the platform about a token transfer to the market the user sent from their own wallet. */
    public TransferReport reportTransfer(String txHash) {
        return api.post("/transfers", Map.of("txHash", Transfer.txHash(txHash))).as(TransferReport.class);
    }

    /** Has the platform check a transfer's receipt and confirmations now. */
    public TransferReport refreshTransfer(String txHash) {
        return api.post("/transfers/" + Transfer.txHash(txHash) + "/refresh", Map.of()).as(TransferReport.class);
    }

    /** @return a user's transfers with their confirmation state */
    public List<Transfer> transfers(Address user) {
        return api.get("/transfers?user=" + user).asListOf(Transfer.class);
    }

    /** Buys credits with a confirmed transfer; asking twice credits once. */
    public CreditPurchase purchaseCredits(String txHash, long logIndex) {
        return api.post("/credits/purchase", Map.of("txHash", Transfer.txHash(txHash), "logIndex", logIndex))
                .as(CreditPurchase.class);
    }

    /** @return a user's credits: available and held in escrow */
    public CreditBalance credits(Address user) {
        return api.get("/credits/" + user).as(CreditBalance.class);
    }

    /**
     * Withdraws {@code amount} of the signer's available credits back to their wallet as tokens (signed
     * WithdrawCredits, relayed by the platform).
     *
     * @return the user's credits after the withdrawal
     */
    public CreditBalance withdrawCredits(Signer user, BigInteger amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user.address());
        body.put("amount", amount);
        return signAndSend(user, "withdraw-credits", body).as(CreditBalance.class);
    }

    // ------------------------------------------------------------------ signing

    /**
     * Asks the platform what to sign for {@code action} ({@code register-provider}, {@code update-provider},
     * {@code deregister-provider}, {@code create-order}, {@code cancel-order}, {@code withdraw-credits}).
     *
     * @param body the action's request body without nonce, deadline and signature
     */
    public SignatureRequest signatureRequest(String action, Object body) {
        return api.post("/typed-data/" + action, body).as(SignatureRequest.class);
    }

    /** Signs {@code request}'s typed data with {@code signer} and sends the request it names. */
    public JsonNode submit(Signer signer, SignatureRequest request) {
        return send(signer, request).tree();
    }

    private JsonApi.Answer signAndSend(Signer signer, String action, Object body) {
        return send(signer, signatureRequest(action, body));
    }

    private JsonApi.Answer send(Signer signer, SignatureRequest request) {
        String signature = signer.signTypedData(new String(JsonApi.write(request.typedData()),
                java.nio.charset.StandardCharsets.UTF_8));
        return api.send(request.submit().method(), request.submit().path(), JsonApi.signed(request.submit(),
                signature));
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Refreshes a reported transfer until it has the confirmations the platform needs (or is rejected), then
     * buys credits with each of its transfers and waits until they are credited.
     *
     * @param progress told every answer on the way (confirmations so far)
     * @return the transfer's final report
     * @throws GridProblemException when the platform rejects the transfer
     */
    public TransferReport awaitCredited(String txHash, Duration timeout, Consumer<TransferReport> progress) {
        TransferReport report = awaitConfirmed(txHash, timeout, progress);
        for (Transfer transfer : report.transfers()) {
            if (transfer.state() == TransferState.CONFIRMED) {
                purchaseCredits(transfer.txHash(), transfer.logIndex());
            }
        }
        return Waiting.until("transfer " + txHash + " to be credited", () -> refreshTransfer(txHash),
                r -> r.transfers().stream().allMatch(t -> t.state() == TransferState.CREDITED), progress, timeout,
                pollInterval);
    }

    /**
     * Refreshes a reported transfer until it has the confirmations the platform needs.
     *
     * @param progress told every answer on the way (confirmations so far)
     * @return the report with every transfer confirmed (or already credited)
     * @throws GridProblemException when the platform rejects the transfer
     */
    public TransferReport awaitConfirmed(String txHash, Duration timeout, Consumer<TransferReport> progress) {
        Predicate<TransferReport> confirmed = r -> r.rejection() != null || (r.mined() && !r.transfers().isEmpty()
                && r.transfers().stream().noneMatch(t -> t.state() == TransferState.PENDING));
        TransferReport report = Waiting.until("transfer " + txHash + " to be confirmed", () -> refreshTransfer(txHash),
                confirmed, progress, timeout, pollInterval);
        if (report.rejection() != null) {
            throw new GridProblemException(io.grid.api.Problem.of(422, "Transfer rejected", "TRANSFER_REJECTED",
                    "transfer " + txHash + " will not be credited: " + report.rejection()));
        }
        return report;
    }

    /** Waits until the order answers {@code done}. */
    public OrderStatus awaitOrder(BigInteger id, String what, Predicate<OrderStatus> done, Duration timeout,
                                  Consumer<OrderStatus> progress) {
        return Waiting.until("order " + id + " " + what, () -> order(id), done, progress, timeout, pollInterval);
    }

    /** Waits until the provider's gateway has accepted the order and it runs. */
    public OrderStatus awaitOrderActive(BigInteger id, Duration timeout) {
        return awaitOrder(id, "to be active", OrderStatus::isActive, timeout, o -> { });
    }

    /** Waits until the order has ended and its money has moved (provider share paid, refund credited). */
    public OrderStatus awaitOrderSettled(BigInteger id, Duration timeout, Consumer<OrderStatus> progress) {
        return awaitOrder(id, "to end and settle", OrderStatus::isSettledEnd, timeout, progress);
    }
}
