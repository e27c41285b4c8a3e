package io.grid.routes.gateway.kube;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntranceAndBackoffTest {

    @Test
    void clusterDnsEntranceNamesServiceNamespaceAndHttpPort() {
        var service = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("grid-order-7").endMetadata()
                .withNewSpec().addNewPort().withName("metrics").withPort(9090).endPort()
                .addNewPort().withName("http").withPort(80).endPort().endSpec().build();

        assertThat(new ClusterDnsEntrances().entranceOf(service))
                .isEqualTo(URI.create("http://web.grid-order-7.svc.cluster.local:80"));
    }

    @Test
    void clusterDnsEntranceRefusesAServiceWithoutPortsAndABadDomain() {
        var portless = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("grid-order-7").endMetadata()
                .withNewSpec().endSpec().build();

        assertThatThrownBy(() -> new ClusterDnsEntrances().entranceOf(portless)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterDnsEntrances("evil/../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff backoff = new Backoff(6, Duration.ofMillis(100), Duration.ofMillis(500));

        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delayAfter(60)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void backoffRefusesUnboundedOrNonsenseSettings() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(3, Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(3, null, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
