package io.grid.core.money;

import io.grid.api.Order;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

/**
 * How an order's escrowed cost is split when it ends: the provider is paid for the time actually
 * served, the user gets the rest back.
 *
 * <pre>
 * served        = clamp(t - start, 0, duration)      (whole seconds)
 * providerShare = cost × served / duration           (rounded down)
 * refund        = cost - providerShare
 * </pre>
 *
 * <p>{@code providerShare + refund == cost} always. The market contract must compute the same
 * value, to the unit; for costs near 2^256 that needs a full-width {@code Math.mulDiv(cost, served,
 * duration)} (OpenZeppelin), because a plain {@code cost * served} overflows uint256 and reverts.
 */
public final class Settlement {

    private Settlement() {
    }

    /**
     * The split of an order's cost.
     *
     * @param servedSeconds seconds served, within {@code [0, duration]}
     * @param providerShare what the provider earns
     * @param refund        what goes back to the user
     */
    public record Split(long servedSeconds, BigInteger providerShare, BigInteger refund) {

        public Split {
            if (servedSeconds < 0) {
                throw new IllegalArgumentException("servedSeconds must not be negative");
            }
            Uint256.require(providerShare, "providerShare");
            Uint256.require(refund, "refund");
        }

        /** The whole cost: provider share plus refund. */
        public BigInteger cost() {
            return providerShare.add(refund);
        }
    }

    /**
     * The provider's share of {@code cost} after {@code servedSeconds} of {@code durationSeconds}:
     * {@code cost × served / duration}, rounded down, with {@code servedSeconds} clamped to
     * {@code [0, durationSeconds]}. This is the function the contract must match exactly.
     *
     * @throws IllegalArgumentException when cost is missing, negative or above uint256, or duration is below 1
     */
    public static BigInteger providerShare(BigInteger cost, long durationSeconds, long servedSeconds) {
        Uint256.require(cost, "cost");
        requireDuration(durationSeconds);
        long served = clamp(servedSeconds, durationSeconds);
        return cost.multiply(BigInteger.valueOf(served)).divide(BigInteger.valueOf(durationSeconds));
    }

    /**
     * The split of {@code cost} for an order of {@code durationSeconds} that started at {@code start},
     * settled at {@code t}. Only whole elapsed seconds count, as on chain.
     */
    public static Split at(BigInteger cost, long durationSeconds, Instant start, Instant t) {
        Uint256.require(cost, "cost");
        requireDuration(durationSeconds);
        if (start == null || t == null) {
            throw new IllegalArgumentException("start and t are required");
        }
        // Duration.between floors to whole seconds (a negative remainder borrows a second), and the
        // span of two Instants always fits in a long, so this never overflows.
        long served = clamp(Duration.between(start, t).getSeconds(), durationSeconds);
        return split(cost, durationSeconds, served);
    }

    /**
     * The split of an order's cost at {@code t}. An order that never started has served nothing;
     * an order that already ended stops counting at its {@code endedAt}.
     */
    public static Split of(Order order, Instant t) {
        if (order == null || t == null) {
            throw new IllegalArgumentException("order and t are required");
        }
        if (order.startedAt() == null) {
            return split(order.cost(), order.durationSeconds(), 0);
        }
        Instant until = order.endedAt() != null && order.endedAt().isBefore(t) ? order.endedAt() : t;
        return at(order.cost(), order.durationSeconds(), order.startedAt(), until);
    }

    private static Split split(BigInteger cost, long durationSeconds, long served) {
        BigInteger share = providerShare(cost, durationSeconds, served);
        return new Split(served, share, cost.subtract(share));
    }

    private static long clamp(long served, long durationSeconds) {
        return Math.max(0, Math.min(served, durationSeconds));
    }

    private static void requireDuration(long durationSeconds) {
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("durationSeconds must be at least 1");
        }
    }
}
