package io.grid.routes.platform.service;

import io.grid.api.Address;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.log.LogEvent;
import io.grid.routes.platform.store.ProviderStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider directory: signed registry changes relayed for providers, and the registry read back into the
 * {@link ProviderStore} cache for listing.
 */
public class Providers {

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    private final ChainView chain;
    private final SignedRelay relay;
    private final ProviderStore store;
    private final RegistrySignatures signatures;
    private final Duration cacheTtl;
    private final Clock clock;
    private volatile Instant cachedAt;

    /**
     * @param chain      chain reads
     * @param relay      relays signed calls
     * @param store      the provider cache
     * @param chainId    chain id of the EIP-712 domain
     * @param cacheTtl   how long a listing is served from the cache
     * @param clock      time of the cache
     */
    public Providers(ChainView chain, SignedRelay relay, ProviderStore store, long chainId, Duration cacheTtl,
                     Clock clock) {
        this.chain = chain;
        this.relay = relay;
        this.store = store;
        this.signatures = new RegistrySignatures(chainId, chain.contracts().registry().value());
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    /**
     * Terms a provider signed for {@code registerFor} or {@code updateFor}.
     *
     * @param provider   the provider (signer)
     * @param name       display name
     * @param gatewayUrl gateway URL
     * @param capacity   capacity offered
     * @param prices     unit prices per second
     * @param nonce      the provider's registry nonce
     * @param deadline   last valid second
     * @param signature  65-byte hex signature
     */
    public record SignedTerms(Address provider, String name, String gatewayUrl, Resources capacity, UnitPrices prices,
                              BigInteger nonce, BigInteger deadline, String signature) {
    }

    /** Registers a provider with its signed terms; 409 when it is registered already. */
    public Provider register(SignedTerms terms) {
        return change(terms, false);
    }

    /** Changes a registered provider's terms with its signature; 404 when it is not registered. */
    public Provider update(SignedTerms terms) {
        return change(terms, true);
    }

    /** Removes a provider from the registry with its signature; 404 when it is not registered. */
    public Provider deregister(Address provider, BigInteger nonce, BigInteger deadline, String signature) {
        Provider current = chain.provider(provider)
                .orElseThrow(() -> RefusedException.notFound("provider " + provider));
        byte[] digest = signatures.deregisterDigest(provider.value(), nonce, deadline);
        byte[] signed = relay.verify(provider, digest, signature, nonce, chain.registryNonce(provider), deadline);
        relay.relay(provider, digest, "provider_deregister", chain.contracts().registry(),
                chain.registry().deregisterFor(provider.value(), nonce, deadline, signed).encodeFunctionCall());
        Provider gone = new Provider(current.address(), current.name(), current.gatewayUrl(), current.capacity(),
                current.prices(), false);
        store.save(gone);
        LogEvent.info(LOG, "provider_deregistered").with("provider", provider).log();
        return gone;
    }

    /** A provider as the registry holds it now (refreshing the cache); 404 when it is not registered. */
    public Provider get(Address address) {
        Provider provider = chain.provider(address).orElseThrow(() -> RefusedException.notFound("provider " + address));
        store.save(provider);
        return provider;
    }

    /** The registered providers matching {@code query}, from the cache refreshed from the registry when stale. */
    public List<Provider> list(ProviderQuery query) {
        Instant at = cachedAt;
        if (at == null || !clock.instant().isBefore(at.plus(cacheTtl))) {
            refresh();
        }
        return query.apply(store.active());
    }

    /** Reads every registered provider from the registry into the cache; cached ones no longer listed go inactive. */
    public void refresh() {
        Set<Address> listed = new HashSet<>();
        for (Address address : chain.providerAddresses()) {
            chain.provider(address).ifPresent(p -> {
                store.save(p);
                listed.add(address);
            });
        }
        for (Provider cached : store.active()) {
            if (!listed.contains(cached.address())) {
                store.save(new Provider(cached.address(), cached.name(), cached.gatewayUrl(), cached.capacity(),
                        cached.prices(), false));
            }
        }
        cachedAt = clock.instant();
    }

    private Provider change(SignedTerms terms, boolean update) {
        if (terms.provider() == null || terms.capacity() == null || terms.prices() == null) {
            throw new IllegalArgumentException("provider, capacity and prices are required");
        }
        // The model's rules (name, URL, sizes) apply before anything is relayed.
        Provider wanted = new Provider(terms.provider(), terms.name(), terms.gatewayUrl(), terms.capacity(),
                terms.prices(), true);
        Resources capacity = wanted.capacity();
        UnitPrices prices = wanted.prices();
        byte[] digest = signatures.termsDigest(update, wanted.address().value(), wanted.name(), wanted.gatewayUrl(),
                capacity, prices, terms.nonce(), terms.deadline());
        // Who asks is settled before what the registry holds is revealed.
        byte[] signed = relay.verify(wanted.address(), digest, terms.signature(), terms.nonce(),
                chain.registryNonce(wanted.address()), terms.deadline());
        boolean registered = chain.provider(terms.provider()).isPresent();
        if (update && !registered) {
            throw RefusedException.notFound("provider " + terms.provider());
        }
        if (!update && registered) {
            throw new RefusedException(Refusal.ALREADY_REGISTERED,
                    "provider " + terms.provider() + " is registered already");
        }
        String provider = wanted.address().value();
        BigInteger cpu = BigInteger.valueOf(capacity.cpuMillicores());
        BigInteger memory = BigInteger.valueOf(capacity.memoryMib());
        BigInteger storage = BigInteger.valueOf(capacity.storageGib());
        BigInteger gpus = BigInteger.valueOf(capacity.gpuCount());
        String data = update
                ? chain.registry().updateFor(provider, wanted.name(), wanted.gatewayUrl(), capacity.gpuModel(), cpu, memory,
                        storage, gpus, prices.perCpuMillicore(), prices.perMemoryMib(), prices.perStorageGib(),
                        prices.perGpu(), terms.nonce(), terms.deadline(), signed).encodeFunctionCall()
                : chain.registry().registerFor(provider, wanted.name(), wanted.gatewayUrl(), capacity.gpuModel(), cpu,
                        memory, storage, gpus, prices.perCpuMillicore(), prices.perMemoryMib(), prices.perStorageGib(),
                        prices.perGpu(), terms.nonce(), terms.deadline(), signed).encodeFunctionCall();
        relay.relay(wanted.address(), digest, update ? "provider_update" : "provider_register",
                chain.contracts().registry(), data);
        Provider stored = get(wanted.address());
        LogEvent.info(LOG, update ? "provider_updated" : "provider_registered").with("provider", provider).log();
        return stored;
    }
}
