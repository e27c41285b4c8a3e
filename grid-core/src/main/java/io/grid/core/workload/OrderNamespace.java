package io.grid.core.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LimitRangeItemBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.grid.api.Resources;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The namespace an order's app runs in, and the guard rails put around it before any of the
 * user's objects arrive: pod security {@code restricted}, a ResourceQuota equal to the order, a
 * LimitRange that keeps each container within the order, a default-deny NetworkPolicy and one that
 * admits only the gateway (ingress) and DNS plus the public internet (egress).
 *
 * <p>Pure: it builds fabric8 model objects and talks to nothing.
 */
public final class OrderNamespace {

    /** Label carried by every object GRID creates for an order; its value is the order id. */
    public static final String ORDER_LABEL = "grid.io/order";
    /** The standard "managed by" label. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY_LABEL} on GRID's objects. */
    public static final String MANAGED_BY = "grid";
    /** Prefix of every order namespace's name. */
    public static final String NAME_PREFIX = "grid-order-";
    /** Extended resource name the quota uses for GPUs. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** Most pods an order may run at once, whatever its size: bounds churn an order can cause. */
    public static final int MAX_PODS = 20;

    /** Name of the NetworkPolicy that denies all traffic. */
    public static final String DENY_ALL_POLICY = "grid-deny-all";
    /** Name of the NetworkPolicy that admits the gateway and public egress. */
    public static final String GATEWAY_AND_PUBLIC_EGRESS_POLICY = "grid-gateway-and-public-egress";
    /** Name of the order's ResourceQuota. */
    public static final String QUOTA_NAME = "grid-order-quota";
    /** Name of the order's LimitRange. */
    public static final String LIMIT_RANGE_NAME = "grid-order-limits";

    /**
     * Address ranges an order's app may never reach: private (RFC 1918), carrier-grade NAT, link-local
     * (cloud metadata lives at 169.254.169.254), loopback and "this network".
     */
    public static final List<String> BLOCKED_EGRESS_RANGES = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "127.0.0.0/8",
            "100.64.0.0/10", "0.0.0.0/8");

    /** Container defaults when the pod spec names none; small, so that several containers fit. */
    static final long DEFAULT_REQUEST_MILLICORES = 100;
    static final long DEFAULT_REQUEST_MIB = 128;

    private static final String PSA = "pod-security.kubernetes.io/";
    private static final Pattern CIDR = Pattern.compile(
            "(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})|[0-9a-fA-F:]+/\\d{1,3}");

    private final BigInteger orderId;
    private final Resources ordered;
    private final Gateway gateway;
    private final String name;

    private OrderNamespace(BigInteger orderId, Resources ordered, Gateway gateway) {
        this.orderId = orderId;
        this.ordered = ordered;
        this.gateway = gateway;
        this.name = nameOf(orderId);
    }

    /**
     * The guard rails of one order.
     *
     * @throws IllegalArgumentException when the order id is missing or negative, or the order has no
     *                                  CPU or no memory (nothing could run in it)
     */
    public static OrderNamespace of(BigInteger orderId, Resources ordered, Gateway gateway) {
        if (ordered == null || gateway == null) {
            throw new IllegalArgumentException("ordered resources and gateway are required");
        }
        if (ordered.cpuMillicores() == 0 || ordered.memoryMib() == 0) {
            throw new IllegalArgumentException("an order needs CPU and memory to run an app");
        }
        return new OrderNamespace(orderId, ordered, gateway);
    }

    /** The namespace name of an order: {@code grid-order-<id>}. */
    public static String nameOf(BigInteger orderId) {
        if (orderId == null || orderId.signum() < 0) {
            throw new IllegalArgumentException("orderId must be a non-negative integer");
        }
        return NAME_PREFIX + orderId;
    }

    /** The labels that mark an object as belonging to the order: order id and managed-by. */
    public static Map<String, String> ownershipLabels(BigInteger orderId) {
        nameOf(orderId);
        return Map.of(ORDER_LABEL, orderId.toString(), MANAGED_BY_LABEL, MANAGED_BY);
    }

    /** True when {@code object}'s labels say GRID created it for this order. */
    public static boolean isOwnedBy(HasMetadata object, BigInteger orderId) {
        if (object == null || object.getMetadata() == null || object.getMetadata().getLabels() == null) {
            return false;
        }
        Map<String, String> labels = object.getMetadata().getLabels();
        return orderId.toString().equals(labels.get(ORDER_LABEL)) && MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL));
    }

    /** The order's namespace name. */
    public String name() {
        return name;
    }

    /** The order. */
    public BigInteger orderId() {
        return orderId;
    }

    /** The namespace, labelled for pod security {@code restricted} (enforce, audit, warn) and the order. */
    public Namespace namespace() {
        Map<String, String> labels = new LinkedHashMap<>(ownershipLabels(orderId));
        labels.put(PSA + "enforce", "restricted");
        labels.put(PSA + "enforce-version", "latest");
        labels.put(PSA + "audit", "restricted");
        labels.put(PSA + "warn", "restricted");
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    /** A quota equal to the order: CPU, memory, storage and GPUs, no NodePorts or LoadBalancers, few pods. */
    public ResourceQuota resourceQuota() {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", cpu(ordered.cpuMillicores()));
        hard.put("limits.cpu", cpu(ordered.cpuMillicores()));
        hard.put("requests.memory", memory(ordered.memoryMib()));
        hard.put("limits.memory", memory(ordered.memoryMib()));
        hard.put("requests.storage", new Quantity(ordered.storageGib() + "Gi"));
        // Present even at zero: a quota without the key would let any GPU request through.
        hard.put("requests." + GPU_RESOURCE, new Quantity(Long.toString(ordered.gpuCount())));
        hard.put("services.nodeports", new Quantity("0"));
        hard.put("services.loadbalancers", new Quantity("0"));
        hard.put("pods", new Quantity(Integer.toString(MAX_PODS)));
        return new ResourceQuotaBuilder()
                .withNewMetadata().withName(QUOTA_NAME).withNamespace(name).withLabels(ownershipLabels(orderId)).endMetadata()
                .withNewSpec().withHard(hard).endSpec()
                .build();
    }

    /**
     * Per-container bounds: no container may exceed the order; containers that name no resources get
     * a small request and the order as limit (the quota still caps the sum). PVCs may not ask for more
     * storage than ordered.
     */
    public LimitRange limitRange() {
        long requestMillicores = Math.min(DEFAULT_REQUEST_MILLICORES, ordered.cpuMillicores());
        long requestMib = Math.min(DEFAULT_REQUEST_MIB, ordered.memoryMib());
        List<LimitRangeItem> items = new ArrayList<>();
        items.add(new LimitRangeItemBuilder()
                .withType("Container")
                .withMax(Map.of("cpu", cpu(ordered.cpuMillicores()), "memory", memory(ordered.memoryMib())))
                .withDefault(Map.of("cpu", cpu(ordered.cpuMillicores()), "memory", memory(ordered.memoryMib())))
                .withDefaultRequest(Map.of("cpu", cpu(requestMillicores), "memory", memory(requestMib)))
                .build());
        if (ordered.storageGib() > 0) {
            items.add(new LimitRangeItemBuilder()
                    .withType("PersistentVolumeClaim")
                    .withMax(Map.of("storage", new Quantity(ordered.storageGib() + "Gi")))
                    .build());
        }
        return new LimitRangeBuilder()
                .withNewMetadata().withName(LIMIT_RANGE_NAME).withNamespace(name).withLabels(ownershipLabels(orderId)).endMetadata()
                .withNewSpec().withLimits(items).endSpec()
                .build();
    }

    /** Denies all ingress and egress of every pod in the namespace; the next policy opens what is allowed. */
    public NetworkPolicy denyAll() {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(DENY_ALL_POLICY).withNamespace(name).withLabels(ownershipLabels(orderId)).endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelector())
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /**
     * Admits ingress only from the gateway, and egress only to the cluster DNS and to public IPv4
     * addresses. IPv6 egress is not opened at all, so no IPv6 private range needs excepting.
     */
    public NetworkPolicy admitGatewayAndPublicEgress() {
        NetworkPolicyPeer dns = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("kubernetes.io/metadata.name", "kube-system").build())
                .withPodSelector(new LabelSelectorBuilder().addToMatchLabels("k8s-app", "kube-dns").build())
                .build();
        NetworkPolicyPeer publicInternet = new NetworkPolicyPeerBuilder()
                .withIpBlock(new IPBlockBuilder().withCidr("0.0.0.0/0").withExcept(BLOCKED_EGRESS_RANGES).build())
                .build();
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(GATEWAY_AND_PUBLIC_EGRESS_POLICY).withNamespace(name)
                .withLabels(ownershipLabels(orderId)).endMetadata()
                .withNewSpec()
                .withPodSelector(new LabelSelector())
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress().withFrom(gateway.peers()).endIngress()
                .addNewEgress()
                .withTo(dns)
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withNewPort(53).build(),
                        new NetworkPolicyPortBuilder().withProtocol("TCP").withNewPort(53).build())
                .endEgress()
                .addNewEgress().withTo(publicInternet).endEgress()
                .endSpec()
                .build();
    }

    /** Everything above, namespace first, in the order it must be created. */
    public List<HasMetadata> objects() {
        return List.of(namespace(), resourceQuota(), limitRange(), denyAll(), admitGatewayAndPublicEgress());
    }

    private static Quantity cpu(long millicores) {
        return new Quantity(millicores + "m");
    }

    private static Quantity memory(long mib) {
        return new Quantity(mib + "Mi");
    }

    /**
     * Where the gateway's traffic comes from: its pods (selected by namespace and pod labels), an
     * address range (a gateway outside the cluster), or both.
     *
     * @param namespaceLabels labels of the gateway's namespace; empty when only a CIDR is given
     * @param podLabels       labels of the gateway's pods; empty when only a CIDR is given
     * @param cidr            the gateway's address range, or null
     */
    public record Gateway(Map<String, String> namespaceLabels, Map<String, String> podLabels, String cidr) {

        public Gateway {
            namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
            podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
            if (cidr != null && !validCidr(cidr)) {
                throw new IllegalArgumentException("gateway cidr is not an address range: " + cidr);
            }
            if (podLabels.isEmpty() && cidr == null) {
                // An empty pod selector would admit every pod of the selected namespaces.
                throw new IllegalArgumentException("the gateway needs pod labels or a cidr");
            }
            if (podLabels.isEmpty() != namespaceLabels.isEmpty()) {
                // Pod labels alone would match look-alike pods in any namespace, users' own included.
                throw new IllegalArgumentException("gateway pod labels and namespace labels go together");
            }
        }

        /** The gateway's pods, in the namespace carrying {@code namespaceLabels}. */
        public static Gateway pods(Map<String, String> namespaceLabels, Map<String, String> podLabels) {
            return new Gateway(namespaceLabels, podLabels, null);
        }

        /** A gateway reaching the cluster from an address range. */
        public static Gateway cidr(String cidr) {
            return new Gateway(Map.of(), Map.of(), cidr);
        }

        List<NetworkPolicyPeer> peers() {
            List<NetworkPolicyPeer> peers = new ArrayList<>();
            if (!podLabels.isEmpty()) {
                peers.add(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(namespaceLabels).build())
                        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(podLabels).build())
                        .build());
            }
            if (cidr != null) {
                peers.add(new NetworkPolicyPeerBuilder().withIpBlock(new IPBlockBuilder().withCidr(cidr).build()).build());
            }
            return peers;
        }

        private static boolean validCidr(String cidr) {
            var matcher = CIDR.matcher(cidr);
            if (!matcher.matches()) {
                return false;
            }
            if (matcher.group(1) == null) {
                return cidr.contains(":") && Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)) <= 128;
            }
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(matcher.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(matcher.group(5)) <= 32;
        }
    }
}
