package io.grid.routes.gateway.market;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.Provider;
import io.grid.routes.chain.ChainCall;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * Extension point: the gateway's view of the market and registry on chain. It only reads; writes
 * are encoded here as {@link ChainCall}s and sent through the gateway's transaction outbox.
 */
public interface OrderBook {

    /** The order as on chain now, or empty when no such order exists. */
    Optional<Order> order(BigInteger orderId);

    /**
     * A registered provider's terms (prices, capacity) as on chain now.
     *
     * @throws io.grid.core.refusal.RefusedException 409 {@code PROVIDER_NOT_REGISTERED} when it is not registered
     */
    Provider provider(Address address);

    /** The chain's time: the latest block's timestamp. Order ends are judged by it, as the contract does. */
    Instant now();

    /** The call by which the order's provider accepts it (service starts). */
    ChainCall acceptCall(BigInteger orderId);

    /** The call that settles an order whose time is over; anyone may send it. */
    ChainCall completeCall(BigInteger orderId);

    /**
     * Whether the chain still needs {@code call}, read right before it is signed: a settlement of an order that is no
     * longer active (somebody settled it first) is not, so it is dropped instead of sent to revert.
     *
     * @param call a call this book made
     * @return false when the chain already has what the call would do
     */
    default boolean stillNeeded(ChainCall call) {
        return true;
    }

    /**
     * The call by which the order's provider gives it up and refunds its whole cost to the user's credits
     * (e.g. after its cluster refused the app); only the provider may send it, while the order is created or active.
     */
    ChainCall refundCall(BigInteger orderId);

    /**
     * The call by which the provider itself (the sender, whose key signs the transaction) changes its registered terms
     * to {@code terms}: the registry's {@code update}.
     */
    default ChainCall updateTermsCall(Provider terms) {
        throw new UnsupportedOperationException("this order book cannot update provider terms");
    }
}
