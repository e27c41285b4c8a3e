package io.grid.routes.chain;

import io.grid.api.Address;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A contract call the platform wants on chain: where, what, and how much gas it may use.
 *
 * @param to       the called contract
 * @param data     ABI-encoded call data, 0x-prefixed hex
 * @param gasLimit gas limit of the transaction, at least 21000
 */
public record ChainCall(Address to, String data, BigInteger gasLimit) {

    private static final Pattern HEX = Pattern.compile("0x([0-9a-fA-F]{2})*");
    private static final BigInteger MIN_GAS = BigInteger.valueOf(21_000);
    private static final int MAX_DATA_HEX = 32_000;

    public ChainCall {
        Objects.requireNonNull(to, "to");
        if (data == null || data.length() > MAX_DATA_HEX || !HEX.matcher(data).matches()) {
            throw new IllegalArgumentException("data must be 0x-prefixed hex of at most " + MAX_DATA_HEX + " digits");
        }
        if (gasLimit == null || gasLimit.compareTo(MIN_GAS) < 0 || gasLimit.bitLength() > 63) {
            throw new IllegalArgumentException("gasLimit must be between 21000 and 2^63-1");
        }
    }
}
