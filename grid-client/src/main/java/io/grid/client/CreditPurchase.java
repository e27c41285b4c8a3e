package io.grid.client;

import io.grid.api.Address;
import io.grid.api.TransferState;
import java.math.BigInteger;

/**
 * Credits bought with one confirmed transfer (once per transfer, however often it is asked).
 *
 * @param txHash   the transfer's transaction
 * @param logIndex the transfer's log
 * @param user     who is credited
 * @param amount   how much, in base units
 * @param state    the transfer's state: {@code CONFIRMED} while the credit is relayed, then {@code CREDITED}
 */
public record CreditPurchase(String txHash, long logIndex, Address user, BigInteger amount, TransferState state) {
}
