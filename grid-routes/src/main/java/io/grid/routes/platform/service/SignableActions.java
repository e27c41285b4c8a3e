package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.SignatureRequest;
import io.grid.api.Submission;
import io.grid.api.UnitPrices;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.contracts.signing.TypedData;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The actions a wallet signs for the platform to relay, each answered as the EIP-712 typed data to sign (filled with
 * the signer's current contract nonce, a deadline the signature TTL after the chain's time and, for an order, the
 * quoted cost as {@code maxCost}) and the request to
 * send with the signature. The typed data is built by the same {@link MarketSignatures} and
 * {@link RegistrySignatures} methods the platform verifies signatures with, so what a wallet shows is what is checked.
 */
public class SignableActions {

    private final ChainView chain;
    private final Orders orders;
    private final RegistrySignatures registry;
    private final MarketSignatures market;
    private final Duration signatureTtl;

    /**
     * @param chain        nonces and the chain's clock
     * @param orders       quotes, so that an order is refused here when the provider cannot serve it
     * @param chainId      chain id of the EIP-712 domains
     * @param signatureTtl how far ahead of the chain's time the deadline is
     */
    public SignableActions(ChainView chain, Orders orders, long chainId, Duration signatureTtl) {
        this.chain = chain;
        this.orders = orders;
        this.registry = new RegistrySignatures(chainId, chain.contracts().registry().value());
        this.market = new MarketSignatures(chainId, chain.contracts().market().value());
        this.signatureTtl = signatureTtl;
    }

    /** {@code RegisterProvider} ({@code update == false}) or {@code UpdateProvider} of these terms. */
    public SignatureRequest terms(boolean update, Address providerAddress, String name, String gatewayUrl,
                                  Resources capacity, UnitPrices prices) {
        if (providerAddress == null || capacity == null || prices == null) {
            throw new IllegalArgumentException("provider, capacity and prices are required");
        }
        // The model's rules (name, URL, sizes) apply before anything is signed, as they do when it is relayed.
        Provider wanted = new Provider(providerAddress, name, gatewayUrl, capacity, prices, true);
        BigInteger nonce = chain.registryNonce(providerAddress);
        BigInteger deadline = deadline();
        TypedData typedData = registry.terms(update, providerAddress.value(), wanted.name(), wanted.gatewayUrl(),
                wanted.capacity(), wanted.prices(), nonce, deadline);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", providerAddress);
        body.put("name", wanted.name());
        body.put("gatewayUrl", wanted.gatewayUrl());
        body.put("capacity", wanted.capacity());
        body.put("prices", wanted.prices());
        return signed(typedData, update ? "PUT" : "POST", update ? "/providers/" + providerAddress : "/providers",
                body, nonce, deadline);
    }

    /** {@code DeregisterProvider}. */
    public SignatureRequest deregistration(Address provider) {
        required(provider, "provider");
        BigInteger nonce = chain.registryNonce(provider);
        BigInteger deadline = deadline();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        return signed(registry.deregister(provider.value(), nonce, deadline), "POST",
                "/providers/" + provider + "/deregister", body, nonce, deadline);
    }

    /** {@code CreateOrder} with {@code maxCost} = the cost quoted from the registry now. */
    public SignatureRequest order(Address user, Address provider, Resources resources, long durationSeconds) {
        required(user, "user");
        BigInteger maxCost = orders.quote(provider, resources, durationSeconds).cost();
        BigInteger nonce = chain.marketNonce(user);
        BigInteger deadline = deadline();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("provider", provider);
        body.put("resources", resources);
        body.put("durationSeconds", durationSeconds);
        body.put("maxCost", maxCost);
        return signed(market.createOrder(user.value(), provider.value(), resources.cpuMillicores(), resources.memoryMib(),
                resources.storageGib(), resources.gpuCount(), durationSeconds, maxCost, nonce, deadline), "POST",
                "/orders", body, nonce, deadline);
    }

    /** {@code CancelOrder}. */
    public SignatureRequest cancellation(Address user, BigInteger orderId) {
        required(user, "user");
        if (orderId == null || orderId.signum() <= 0) {
            throw new IllegalArgumentException("orderId must be a positive order id");
        }
        BigInteger nonce = chain.marketNonce(user);
        BigInteger deadline = deadline();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        return signed(market.cancelOrder(user.value(), orderId, nonce, deadline), "POST",
                "/orders/" + orderId + "/cancel", body, nonce, deadline);
    }

    /** {@code WithdrawCredits}. */
    public SignatureRequest withdrawal(Address user, BigInteger amount) {
        required(user, "user");
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be a positive number of token base units");
        }
        BigInteger nonce = chain.marketNonce(user);
        BigInteger deadline = deadline();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("amount", amount);
        return signed(market.withdrawCredits(user.value(), amount, nonce, deadline), "POST",
                "/credits/" + user + "/withdraw", body, nonce, deadline);
    }

    private BigInteger deadline() {
        return BigInteger.valueOf(chain.now().plus(signatureTtl).getEpochSecond());
    }

    private static SignatureRequest signed(TypedData typedData, String method, String path, Map<String, Object> body,
                                           BigInteger nonce, BigInteger deadline) {
        body.put("nonce", nonce);
        body.put("deadline", deadline);
        body.put("signature", null);
        return new SignatureRequest(typedData.asMap(), new Submission(method, path, body));
    }

    private static void required(Address address, String name) {
        if (address == null) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
