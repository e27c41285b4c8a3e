package io.grid.client;

import io.grid.api.DeployRequest;
import io.grid.api.DeployResult;
import io.grid.api.GreetResponse;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A typed client of a provider's GRID gateway: the greet steps, sign-in, the app catalog, deploy and the
 * app's status. Sign-in signs the exact text the gateway answers ({@code GET /gateway/orders/{id}/sign-in}).
 * Thread-safe.
 */
public final class GatewayClient {

    private final JsonApi api;
    private Duration pollInterval = Duration.ofMillis(500);

    /**
     * @param gateway the gateway's base URL, as the provider registered it
     * @param http    the HTTP client to use
     * @param timeout how long one request may take
     */
    public GatewayClient(URI gateway, HttpClient http, Duration timeout) {
        this.api = new JsonApi(gateway, http, timeout);
    }

    /** @return a client of the gateway at {@code gateway} with a fresh HTTP client and the default timeout */
    public static GatewayClient of(URI gateway) {
        return new GatewayClient(gateway, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                GridClient.DEFAULT_TIMEOUT);
    }

    /** Sets how often the waiting helpers ask; half a second unless told. */
    public GatewayClient pollingEvery(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    /** @return the gateway's base URL */
    public URI gatewayUrl() {
        return api.base();
    }

    /** @return the chain the gateway works on, from its own configuration */
    public io.grid.api.ChainDescription chain() {
        return api.get("/chain").as(io.grid.api.ChainDescription.class);
    }

    /** Greet type 0: can the gateway serve the order, and is it paid in full at the provider's prices? */
    public GreetResponse greetResourcesAndPayment(BigInteger orderId) {
        return api.post("/gateway/greet", Map.of("type", 0, "orderId", orderId)).as(GreetResponse.class);
    }

    /** Greet type 1: is this gateway the order's payee? If so it accepts the order on chain. */
    public GreetResponse greetPayee(BigInteger orderId) {
        return api.post("/gateway/greet", Map.of("type", 1, "orderId", orderId)).as(GreetResponse.class);
    }

    /** @return the exact sign-in text for {@code orderId} and the greet to send with its signature */
    public io.grid.api.SignInText signInText(BigInteger orderId, io.grid.api.Address user) {
        return api.get("/gateway/orders/" + orderId + "/sign-in?address="
                + URLEncoder.encode(user.toString(), StandardCharsets.UTF_8)).as(io.grid.api.SignInText.class);
    }

    /** Greet type 2: signs the gateway's sign-in text as the order's user and returns the session. */
    public Session signIn(Signer user, BigInteger orderId) {
        io.grid.api.SignInText text = signInText(orderId, user.address());
        SignedIn signedIn = api.send(text.submit().method(), text.submit().path(),
                JsonApi.signed(text.submit(), user.signPersonalMessage(text.message()))).as(SignedIn.class);
        return new Session(signedIn.orderId(), signedIn.token(), signedIn.cookieExpires());
    }

    /** What greet type 2 answers. */
    record SignedIn(BigInteger orderId, String token, Instant cookieExpires) {
    }

    /** @return the app templates this gateway offers */
    public List<AppListing> catalog() {
        return api.get("/gateway/catalog").asListOf(AppListing.class);
    }

    /** Deploys an app template or YAML URL for the session's order; ready may still be false. */
    public DeployResult deploy(Session session, DeployRequest request) {
        return api.post("/gateway/deploy", request, "Authorization", session.authorization()).as(DeployResult.class);
    }

    /** Replaces the order's app. */
    public DeployResult redeploy(Session session, DeployRequest request) {
        return api.send("PUT", "/gateway/orders/" + request.orderId() + "/app", request,
                "Authorization", session.authorization()).as(DeployResult.class);
    }

    /** @return the order's app's status */
    public AppStatus appStatus(Session session) {
        return api.get("/gateway/orders/" + session.orderId() + "/app", "Authorization", session.authorization())
                .as(AppStatus.class);
    }

    /** Removes the order's app (the order keeps running until it ends). */
    public void undeploy(Session session) {
        api.delete("/gateway/orders/" + session.orderId() + "/app", "Authorization", session.authorization());
    }

    /** Waits until every workload of the order's app is ready. */
    public AppStatus awaitAppReady(Session session, Duration timeout) {
        return Waiting.until("the app of order " + session.orderId() + " to be ready", () -> appStatus(session),
                AppStatus::ready, s -> { }, timeout, pollInterval);
    }
}
