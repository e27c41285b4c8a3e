package io.grid.core.workload;

import io.grid.api.Resources;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an order's workload goes and how much it may use: the order, the namespace of its own,
 * and the resources the order paid for.
 *
 * @param orderId   the order
 * @param namespace the order's namespace, normally {@link #namespaceFor(BigInteger)}
 * @param ordered   the resources of the order; the workload never gets more
 */
public record WorkloadTarget(BigInteger orderId, String namespace, Resources ordered) {

    private static final String NAMESPACE_PREFIX = "grid-order-";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    // A label value holds at most 63 characters, and the namespace (a DNS label) as well.
    private static final int MAX_ORDER_DIGITS = 63 - NAMESPACE_PREFIX.length();

    public WorkloadTarget {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(ordered, "ordered");
        checkOrderId(orderId);
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be a DNS label of at most 63 characters");
        }
    }

    /** The target for an order in the namespace {@link #namespaceFor(BigInteger)} gives it. */
    public static WorkloadTarget of(BigInteger orderId, Resources ordered) {
        return new WorkloadTarget(orderId, namespaceFor(orderId), ordered);
    }

    /** The namespace of an order: {@code grid-order-<id>}. */
    public static String namespaceFor(BigInteger orderId) {
        Objects.requireNonNull(orderId, "orderId");
        checkOrderId(orderId);
        return NAMESPACE_PREFIX + orderId;
    }

    /** The value of the {@code grid.io/order} label on every object of this order. */
    public String orderLabel() {
        return orderId.toString();
    }

    private static void checkOrderId(BigInteger orderId) {
        if (orderId.signum() < 0) {
            throw new IllegalArgumentException("orderId must not be negative");
        }
        if (orderId.toString().length() > MAX_ORDER_DIGITS) {
            throw new IllegalArgumentException("orderId has more than " + MAX_ORDER_DIGITS + " digits");
        }
    }
}
