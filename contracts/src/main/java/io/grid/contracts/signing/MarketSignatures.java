package io.grid.contracts.signing;

import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import java.util.Map;

/**
 * The EIP-712 signatures a user gives the platform so it may relay the user's Market actions
 * ({@code createOrderFor}, {@code cancelOrderFor}, {@code withdrawCreditsFor}) and nothing else.
 * The type strings are exactly the contract's; every digest is computed from the {@link TypedData} a wallet is
 * given to sign.
 */
public final class MarketSignatures {

    /** EIP-712 type of a relayed order. */
    public static final String CREATE_ORDER_TYPE = "CreateOrder(address user,address provider,uint64 cpuMillicores,uint64 memoryMib,"
            + "uint64 storageGib,uint32 gpuCount,uint64 durationSeconds,uint256 maxCost,uint256 nonce,uint256 deadline)";
    /** EIP-712 type of a relayed cancellation. */
    public static final String CANCEL_ORDER_TYPE = "CancelOrder(address user,uint256 orderId,uint256 nonce,uint256 deadline)";
    /** EIP-712 type of a relayed credit withdrawal. */
    public static final String WITHDRAW_CREDITS_TYPE = "WithdrawCredits(address user,uint256 amount,uint256 nonce,uint256 deadline)";

    /** The Market's EIP-712 name. */
    public static final String NAME = "GRID Market";
    /** The Market's EIP-712 version. */
    public static final String VERSION = "1";

    private final Eip712 domain;
    private final Map<String, Object> typedDomain;

    /**
     * @param chainId the chain id
     * @param marketAddress the Market's address
     */
    public MarketSignatures(long chainId, String marketAddress) {
        this.domain = new Eip712(NAME, VERSION, chainId, marketAddress);
        this.typedDomain = TypedData.domain(NAME, VERSION, chainId, marketAddress);
    }

    /** @return the Market's EIP-712 domain */
    public Eip712 domain() {
        return domain;
    }

    /** @return the Market's EIP-712 domain as {@code eth_signTypedData_v4} takes it */
    public Map<String, Object> typedDomain() {
        return typedDomain;
    }

    /**
     * The {@code CreateOrder} to sign, as typed data.
     *
     * @param user who pays
     * @param provider who serves
     * @param cpuMillicores CPU
     * @param memoryMib memory
     * @param storageGib storage
     * @param gpuCount GPUs
     * @param durationSeconds duration
     * @param maxCost the most the user agrees to pay, in base units (the quoted cost)
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return the document a wallet signs
     */
    public TypedData createOrder(String user, String provider, long cpuMillicores, long memoryMib, long storageGib,
                                 long gpuCount, long durationSeconds, BigInteger maxCost, BigInteger nonce,
                                 BigInteger deadline) {
        return TypedData.of(typedDomain, CREATE_ORDER_TYPE, user, provider, cpuMillicores, memoryMib, storageGib, gpuCount,
                durationSeconds, maxCost, nonce, deadline);
    }

    /**
     * The {@code CancelOrder} to sign, as typed data.
     *
     * @param user the order's user
     * @param orderId the order
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return the document a wallet signs
     */
    public TypedData cancelOrder(String user, BigInteger orderId, BigInteger nonce, BigInteger deadline) {
        return TypedData.of(typedDomain, CANCEL_ORDER_TYPE, user, orderId, nonce, deadline);
    }

    /**
     * The {@code WithdrawCredits} to sign, as typed data.
     *
     * @param user whose credits
     * @param amount base units
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return the document a wallet signs
     */
    public TypedData withdrawCredits(String user, BigInteger amount, BigInteger nonce, BigInteger deadline) {
        return TypedData.of(typedDomain, WITHDRAW_CREDITS_TYPE, user, amount, nonce, deadline);
    }

    /**
     * Digest of a {@code CreateOrder}.
     *
     * @param user who pays
     * @param provider who serves
     * @param cpuMillicores CPU
     * @param memoryMib memory
     * @param storageGib storage
     * @param gpuCount GPUs
     * @param durationSeconds duration
     * @param maxCost the most the user agrees to pay, in base units (the quoted cost)
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return the digest to sign
     */
    public byte[] createOrderDigest(String user, String provider, long cpuMillicores, long memoryMib, long storageGib, long gpuCount,
                                    long durationSeconds, BigInteger maxCost, BigInteger nonce, BigInteger deadline) {
        return createOrder(user, provider, cpuMillicores, memoryMib, storageGib, gpuCount, durationSeconds, maxCost, nonce,
                deadline).digest();
    }

    /**
     * The user's signature of a {@code CreateOrder}; see {@link #createOrderDigest}.
     *
     * @param user the signing user
     * @param provider who serves
     * @param cpuMillicores CPU
     * @param memoryMib memory
     * @param storageGib storage
     * @param gpuCount GPUs
     * @param durationSeconds duration
     * @param maxCost the most the user agrees to pay, in base units (the quoted cost)
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return 65-byte signature
     */
    public byte[] signCreateOrder(Credentials user, String provider, long cpuMillicores, long memoryMib, long storageGib, long gpuCount,
                                  long durationSeconds, BigInteger maxCost, BigInteger nonce, BigInteger deadline) {
        return Eip712.sign(user, createOrderDigest(user.getAddress(), provider, cpuMillicores, memoryMib, storageGib, gpuCount,
                durationSeconds, maxCost, nonce, deadline));
    }

    /**
     * Digest of a {@code CancelOrder}.
     *
     * @param user the order's user
     * @param orderId the order
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return the digest to sign
     */
    public byte[] cancelOrderDigest(String user, BigInteger orderId, BigInteger nonce, BigInteger deadline) {
        return cancelOrder(user, orderId, nonce, deadline).digest();
    }

    /**
     * @param user the signing user
     * @param orderId the order
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return 65-byte signature of a {@code CancelOrder}
     */
    public byte[] signCancelOrder(Credentials user, BigInteger orderId, BigInteger nonce, BigInteger deadline) {
        return Eip712.sign(user, cancelOrderDigest(user.getAddress(), orderId, nonce, deadline));
    }

    /**
     * Digest of a {@code WithdrawCredits}.
     *
     * @param user whose credits
     * @param amount base units
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return the digest to sign
     */
    public byte[] withdrawCreditsDigest(String user, BigInteger amount, BigInteger nonce, BigInteger deadline) {
        return withdrawCredits(user, amount, nonce, deadline).digest();
    }

    /**
     * @param user the signing user
     * @param amount base units
     * @param nonce the user's current Market nonce
     * @param deadline last valid second
     * @return 65-byte signature of a {@code WithdrawCredits}
     */
    public byte[] signWithdrawCredits(Credentials user, BigInteger amount, BigInteger nonce, BigInteger deadline) {
        return Eip712.sign(user, withdrawCreditsDigest(user.getAddress(), amount, nonce, deadline));
    }
}
