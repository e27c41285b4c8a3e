package io.grid.core.workload;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.grid.api.Resources;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderNamespaceTest {

    private static final BigInteger ORDER = BigInteger.valueOf(42);
    private static final Resources ORDERED = new Resources(2000, 4096, 10, 1, "A100");
    private static final OrderNamespace.Gateway GATEWAY =
            OrderNamespace.Gateway.pods(Map.of("kubernetes.io/metadata.name", "grid-gateway"), Map.of("app", "grid-gateway"));

    private final OrderNamespace rails = OrderNamespace.of(ORDER, ORDERED, GATEWAY);

    @Test
    void namesTheNamespaceAfterTheOrder() {
        assertThat(rails.name()).isEqualTo("grid-order-42");
        assertThat(rails.orderId()).isEqualTo(ORDER);
        assertThat(rails.namespace().getMetadata().getName()).isEqualTo("grid-order-42");
    }

    @Test
    void labelsTheNamespacePodSecurityRestrictedAndOwnedByTheOrder() {
        Map<String, String> labels = rails.namespace().getMetadata().getLabels();

        assertThat(labels)
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("grid.io/order", "42")
                .containsEntry("app.kubernetes.io/managed-by", "grid");
    }

    @Test
    void quotaEqualsTheOrderAndForbidsNodePortsAndLoadBalancers() {
        var quota = rails.resourceQuota();
        Map<String, Quantity> hard = quota.getSpec().getHard();

        assertThat(quota.getMetadata().getNamespace()).isEqualTo("grid-order-42");
        assertThat(hard.get("requests.cpu")).isEqualTo(new Quantity("2000m"));
        assertThat(hard.get("limits.cpu")).isEqualTo(new Quantity("2000m"));
        assertThat(hard.get("requests.memory")).isEqualTo(new Quantity("4096Mi"));
        assertThat(hard.get("limits.memory")).isEqualTo(new Quantity("4096Mi"));
        assertThat(hard.get("requests.storage")).isEqualTo(new Quantity("10Gi"));
        assertThat(hard.get("requests.nvidia.com/gpu")).isEqualTo(new Quantity("1"));
        assertThat(hard.get("services.nodeports")).isEqualTo(new Quantity("0"));
        assertThat(hard.get("services.loadbalancers")).isEqualTo(new Quantity("0"));
        assertThat(hard.get("pods")).isEqualTo(new Quantity(Integer.toString(OrderNamespace.MAX_PODS)));
    }

    @Test
    void quotaDeniesGpusWhenNoneWereOrdered() {
        var quota = OrderNamespace.of(ORDER, Resources.of(500, 256, 0), GATEWAY).resourceQuota();

        assertThat(quota.getSpec().getHard().get("requests.nvidia.com/gpu")).isEqualTo(new Quantity("0"));
        assertThat(quota.getSpec().getHard().get("requests.storage")).isEqualTo(new Quantity("0Gi"));
    }

    @Test
    void limitRangeKeepsEveryContainerWithinTheOrder() {
        List<LimitRangeItem> items = rails.limitRange().getSpec().getLimits();
        LimitRangeItem container = items.get(0);

        assertThat(container.getType()).isEqualTo("Container");
        assertThat(container.getMax()).containsEntry("cpu", new Quantity("2000m")).containsEntry("memory", new Quantity("4096Mi"));
        assertThat(container.getDefault()).containsEntry("cpu", new Quantity("2000m")).containsEntry("memory", new Quantity("4096Mi"));
        assertThat(container.getDefaultRequest()).containsEntry("cpu", new Quantity("100m")).containsEntry("memory", new Quantity("128Mi"));
        assertThat(items.get(1).getType()).isEqualTo("PersistentVolumeClaim");
        assertThat(items.get(1).getMax()).containsEntry("storage", new Quantity("10Gi"));
    }

    @Test
    void limitRangeDefaultRequestNeverExceedsATinyOrder() {
        var tiny = OrderNamespace.of(ORDER, Resources.of(50, 64, 0), GATEWAY).limitRange();

        LimitRangeItem container = tiny.getSpec().getLimits().get(0);
        assertThat(container.getDefaultRequest()).containsEntry("cpu", new Quantity("50m")).containsEntry("memory", new Quantity("64Mi"));
        assertThat(tiny.getSpec().getLimits()).hasSize(1);
    }

    @Test
    void denyAllPolicySelectsEveryPodAndAllowsNothing() {
        NetworkPolicy deny = rails.denyAll();

        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void admitsIngressOnlyFromTheGatewayPodsInTheGatewayNamespace() {
        NetworkPolicy admit = rails.admitGatewayAndPublicEgress();

        assertThat(admit.getSpec().getIngress()).hasSize(1);
        List<NetworkPolicyPeer> from = admit.getSpec().getIngress().get(0).getFrom();
        assertThat(from).hasSize(1);
        assertThat(from.get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", "grid-gateway"));
        assertThat(from.get(0).getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "grid-gateway"));
        assertThat(from.get(0).getIpBlock()).isNull();
    }

    @Test
    void admitsIngressFromAGatewayCidr() {
        var admit = OrderNamespace.of(ORDER, ORDERED, OrderNamespace.Gateway.cidr("203.0.113.7/32"))
                .admitGatewayAndPublicEgress();

        List<NetworkPolicyPeer> from = admit.getSpec().getIngress().get(0).getFrom();
        assertThat(from).hasSize(1);
        assertThat(from.get(0).getIpBlock().getCidr()).isEqualTo("203.0.113.7/32");
        assertThat(from.get(0).getPodSelector()).isNull();
    }

    @Test
    void allowsEgressOnlyToClusterDnsAndPublicAddresses() {
        List<NetworkPolicyEgressRule> egress = rails.admitGatewayAndPublicEgress().getSpec().getEgress();

        assertThat(egress).hasSize(2);
        NetworkPolicyEgressRule dns = egress.get(0);
        assertThat(dns.getTo().get(0).getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
        assertThat(dns.getTo().get(0).getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
        assertThat(dns.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactlyInAnyOrder("UDP/53", "TCP/53");
        NetworkPolicyEgressRule internet = egress.get(1);
        assertThat(internet.getPorts()).isNullOrEmpty();
        assertThat(internet.getTo()).hasSize(1);
        assertThat(internet.getTo().get(0).getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
        assertThat(internet.getTo().get(0).getIpBlock().getExcept()).contains(
                "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "127.0.0.0/8", "100.64.0.0/10");
    }

    @Test
    void listsObjectsNamespaceFirst() {
        assertThat(rails.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "Namespace/grid-order-42", "ResourceQuota/grid-order-quota", "LimitRange/grid-order-limits",
                "NetworkPolicy/grid-deny-all", "NetworkPolicy/grid-gateway-and-public-egress");
        assertThat(rails.objects()).allSatisfy(o -> assertThat(OrderNamespace.isOwnedBy(o, ORDER)).isTrue());
    }

    @Test
    void recognisesOwnershipOnlyByTheOrderAndManagedByLabels() {
        var ours = new ConfigMapBuilder().withNewMetadata().withName("a").withLabels(OrderNamespace.ownershipLabels(ORDER))
                .endMetadata().build();
        var otherOrder = new ConfigMapBuilder().withNewMetadata().withName("a")
                .withLabels(OrderNamespace.ownershipLabels(BigInteger.TEN)).endMetadata().build();
        var notManaged = new ConfigMapBuilder().withNewMetadata().withName("a").withLabels(Map.of("grid.io/order", "42"))
                .endMetadata().build();
        var unlabelled = new ConfigMapBuilder().withNewMetadata().withName("a").endMetadata().build();

        assertThat(OrderNamespace.isOwnedBy(ours, ORDER)).isTrue();
        assertThat(OrderNamespace.isOwnedBy(otherOrder, ORDER)).isFalse();
        assertThat(OrderNamespace.isOwnedBy(notManaged, ORDER)).isFalse();
        assertThat(OrderNamespace.isOwnedBy(unlabelled, ORDER)).isFalse();
        assertThat(OrderNamespace.isOwnedBy(null, ORDER)).isFalse();
    }

    @Test
    void refusesOrdersWithoutCpuOrMemoryOrMissingArguments() {
        assertThatThrownBy(() -> OrderNamespace.of(ORDER, Resources.of(0, 128, 0), GATEWAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.of(ORDER, Resources.of(100, 0, 0), GATEWAY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.of(ORDER, null, GATEWAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.of(ORDER, ORDERED, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.nameOf(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.nameOf(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAGatewayThatWouldAdmitLookAlikePods() {
        assertThatThrownBy(() -> OrderNamespace.Gateway.pods(Map.of(), Map.of("app", "grid-gateway")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.Gateway.pods(Map.of("a", "b"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderNamespace.Gateway(null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAGatewayCidrThatIsNotAnAddressRange() {
        assertThatThrownBy(() -> OrderNamespace.Gateway.cidr("10.0.0.300/32")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.Gateway.cidr("10.0.0.1/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.Gateway.cidr("gateway.local")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderNamespace.Gateway.cidr("fd00::/129")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OrderNamespace.Gateway.cidr("fd00::/64").cidr()).isEqualTo("fd00::/64");
    }
}
