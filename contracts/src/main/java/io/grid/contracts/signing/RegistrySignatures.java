package io.grid.contracts.signing;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import java.util.Map;

/**
 * The EIP-712 signatures a provider gives the platform so it may relay the provider's registry
 * changes ({@code registerFor}, {@code updateFor}, {@code deregisterFor}). The type strings are
 * exactly the contract's; the terms are signed field by field, and every digest is computed from the
 * {@link TypedData} a wallet is given to sign.
 */
public final class RegistrySignatures {

    private static final String TERMS = "(address provider,string name,string gatewayUrl,string gpuModel,uint64 cpuMillicores,"
            + "uint64 memoryMib,uint64 storageGib,uint32 gpuCount,uint256 priceCpuMillicore,uint256 priceMemoryMib,"
            + "uint256 priceStorageGib,uint256 priceGpu,uint256 nonce,uint256 deadline)";
    /** EIP-712 type of a relayed registration. */
    public static final String REGISTER_TYPE = "RegisterProvider" + TERMS;
    /** EIP-712 type of a relayed change of terms. */
    public static final String UPDATE_TYPE = "UpdateProvider" + TERMS;
    /** EIP-712 type of a relayed deregistration. */
    public static final String DEREGISTER_TYPE = "DeregisterProvider(address provider,uint256 nonce,uint256 deadline)";

    /** The registry's EIP-712 name. */
    public static final String NAME = "GRID ProviderRegistry";
    /** The registry's EIP-712 version. */
    public static final String VERSION = "1";

    private final Eip712 domain;
    private final Map<String, Object> typedDomain;

    /**
     * @param chainId the chain id
     * @param registryAddress the ProviderRegistry's address
     */
    public RegistrySignatures(long chainId, String registryAddress) {
        this.domain = new Eip712(NAME, VERSION, chainId, registryAddress);
        this.typedDomain = TypedData.domain(NAME, VERSION, chainId, registryAddress);
    }

    /** @return the registry's EIP-712 domain */
    public Eip712 domain() {
        return domain;
    }

    /** @return the registry's EIP-712 domain as {@code eth_signTypedData_v4} takes it */
    public Map<String, Object> typedDomain() {
        return typedDomain;
    }

    /**
     * The {@code RegisterProvider} ({@code update == false}) or {@code UpdateProvider} to sign, as typed data.
     *
     * @param update true for an update
     * @param provider the provider's address
     * @param name display name
     * @param gatewayUrl gateway URL
     * @param capacity capacity offered (its GPU model is signed too)
     * @param prices unit prices per second
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return the document a wallet signs
     */
    public TypedData terms(boolean update, String provider, String name, String gatewayUrl, Resources capacity,
                           UnitPrices prices, BigInteger nonce, BigInteger deadline) {
        return TypedData.of(typedDomain, update ? UPDATE_TYPE : REGISTER_TYPE, provider, name, gatewayUrl,
                capacity.gpuModel(), capacity.cpuMillicores(), capacity.memoryMib(), capacity.storageGib(),
                capacity.gpuCount(), prices.perCpuMillicore(), prices.perMemoryMib(), prices.perStorageGib(),
                prices.perGpu(), nonce, deadline);
    }

    /**
     * The {@code DeregisterProvider} to sign, as typed data.
     *
     * @param provider the provider's address
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return the document a wallet signs
     */
    public TypedData deregister(String provider, BigInteger nonce, BigInteger deadline) {
        return TypedData.of(typedDomain, DEREGISTER_TYPE, provider, nonce, deadline);
    }

    /**
     * Digest of a {@code RegisterProvider} ({@code update == false}) or {@code UpdateProvider}.
     *
     * @param update true for an update
     * @param provider the provider's address
     * @param name display name
     * @param gatewayUrl gateway URL
     * @param capacity capacity offered (its GPU model is signed too)
     * @param prices unit prices per second
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return the digest to sign
     */
    public byte[] termsDigest(boolean update, String provider, String name, String gatewayUrl, Resources capacity, UnitPrices prices,
                              BigInteger nonce, BigInteger deadline) {
        return terms(update, provider, name, gatewayUrl, capacity, prices, nonce, deadline).digest();
    }

    /**
     * @param provider the signing provider
     * @param name display name
     * @param gatewayUrl gateway URL
     * @param capacity capacity offered
     * @param prices unit prices per second
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return 65-byte signature of a {@code RegisterProvider}
     */
    public byte[] signRegister(Credentials provider, String name, String gatewayUrl, Resources capacity, UnitPrices prices,
                               BigInteger nonce, BigInteger deadline) {
        return Eip712.sign(provider, termsDigest(false, provider.getAddress(), name, gatewayUrl, capacity, prices, nonce, deadline));
    }

    /**
     * @param provider the signing provider
     * @param name display name
     * @param gatewayUrl gateway URL
     * @param capacity capacity offered
     * @param prices unit prices per second
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return 65-byte signature of an {@code UpdateProvider}
     */
    public byte[] signUpdate(Credentials provider, String name, String gatewayUrl, Resources capacity, UnitPrices prices,
                             BigInteger nonce, BigInteger deadline) {
        return Eip712.sign(provider, termsDigest(true, provider.getAddress(), name, gatewayUrl, capacity, prices, nonce, deadline));
    }

    /**
     * Digest of a {@code DeregisterProvider}.
     *
     * @param provider the provider's address
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return the digest to sign
     */
    public byte[] deregisterDigest(String provider, BigInteger nonce, BigInteger deadline) {
        return deregister(provider, nonce, deadline).digest();
    }

    /**
     * @param provider the signing provider
     * @param nonce the provider's current registry nonce
     * @param deadline last valid second
     * @return 65-byte signature of a {@code DeregisterProvider}
     */
    public byte[] signDeregister(Credentials provider, BigInteger nonce, BigInteger deadline) {
        return Eip712.sign(provider, deregisterDigest(provider.getAddress(), nonce, deadline));
    }
}
