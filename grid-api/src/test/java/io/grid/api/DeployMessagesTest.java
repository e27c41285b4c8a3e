package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployMessagesTest {

    @Test
    void acceptsExactlyATemplate() {
        assertThat(new DeployRequest(BigInteger.ONE, null, "nginx").templateId()).isEqualTo("nginx");
    }

    @Test
    void acceptsExactlyAUrl() {
        assertThat(new DeployRequest(BigInteger.ONE, "https://x.example/app.yaml", " ").yamlUrl())
                .isEqualTo("https://x.example/app.yaml");
    }

    @Test
    void refusesBothOrNeitherOfUrlAndTemplate() {
        assertThatThrownBy(() -> new DeployRequest(BigInteger.ONE, "https://x.example/a.yaml", "nginx"))
                .hasMessage("give exactly one of yamlUrl and templateId");
        assertThatThrownBy(() -> new DeployRequest(BigInteger.ONE, null, null))
                .hasMessage("give exactly one of yamlUrl and templateId");
    }

    @Test
    void refusesOverlongUrl() {
        String url = "https://x.example/" + "a".repeat(2048);

        assertThatThrownBy(() -> new DeployRequest(BigInteger.ONE, url, null)).hasMessageContaining("2048");
    }

    @Test
    void refusesNegativeOrderId() {
        assertThatThrownBy(() -> new DeployRequest(BigInteger.valueOf(-1), null, "nginx"))
                .hasMessage("orderId must not be negative");
    }

    @Test
    void resultKeepsItsOwnCopyOfObjects() {
        List<String> objects = new ArrayList<>(List.of("Deployment/web"));
        DeployResult result = new DeployResult(BigInteger.ONE, "grid-order-1", objects, "http://10.0.0.1:80", true);

        objects.add("Service/web");

        assertThat(result.objects()).containsExactly("Deployment/web");
    }

    @Test
    void resultRefusesMissingParts() {
        assertThatThrownBy(() -> new DeployResult(BigInteger.ONE, null, List.of(), null, false))
                .hasMessage("namespace is missing");
        assertThatThrownBy(() -> new DeployResult(BigInteger.ONE, "ns", null, null, false))
                .hasMessage("objects is missing");
        assertThatThrownBy(() -> new DeployResult(BigInteger.TWO.pow(256), "ns", List.of(), null, false))
                .hasMessage("orderId does not fit in uint256");
    }
}
