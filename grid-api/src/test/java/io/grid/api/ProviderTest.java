package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderTest {

    private static final Address ADDRESS = Address.of("0x2222222222222222222222222222222222222222");
    private static final Resources CAPACITY = Resources.of(8_000, 32_768, 500);
    private static final UnitPrices PRICES = UnitPrices.of(1, 1, 1, 1);

    private static Provider provider(String name, String gatewayUrl) {
        return new Provider(ADDRESS, name, gatewayUrl, CAPACITY, PRICES, true);
    }

    @Test
    void stripsNameAndGatewayUrl() {
        Provider provider = provider("  node-1 ", " https://node-1.example ");

        assertThat(provider.name()).isEqualTo("node-1");
        assertThat(provider.gatewayUrl()).isEqualTo("https://node-1.example");
    }

    @Test
    void acceptsPlainHttpGateway() {
        assertThat(provider("n", "http://127.0.0.1:8081").gatewayUrl()).isEqualTo("http://127.0.0.1:8081");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://node.example", "node.example", "javascript:alert(1)", "file:///etc/passwd"})
    void refusesGatewayUrlThatIsNotHttp(String url) {
        assertThatThrownBy(() -> provider("n", url))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }

    @Test
    void refusesMissingOrOverlongText() {
        assertThatThrownBy(() -> provider(" ", "https://n.example")).hasMessage("name is missing");
        assertThatThrownBy(() -> provider("n".repeat(65), "https://n.example")).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> provider("n", null)).hasMessage("gatewayUrl is missing");
        assertThatThrownBy(() -> provider("n", "https://" + "n".repeat(250))).hasMessageContaining("longer than 256");
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new Provider(null, "n", "https://n.example", CAPACITY, PRICES, true))
                .hasMessage("address is missing");
        assertThatThrownBy(() -> new Provider(ADDRESS, "n", "https://n.example", null, PRICES, true))
                .hasMessage("capacity is missing");
        assertThatThrownBy(() -> new Provider(ADDRESS, "n", "https://n.example", CAPACITY, null, true))
                .hasMessage("prices is missing");
    }

    @Test
    void aProviderWithNothingReservedHasAllItsCapacityFree() {
        assertThat(provider("n", "https://n.example").free()).isEqualTo(CAPACITY);
    }

    @Test
    void freeIsTheCapacityLessWhatOpenOrdersReserveNeverBelowZero() {
        Resources gpus = new Resources(8_000, 32_768, 500, 4, "A100");
        Provider provider = new Provider(ADDRESS, "n", "https://n.example", gpus, PRICES, true);

        assertThat(provider.withReserved(new Resources(3_000, 40_000, 0, 1, "A100")).free())
                .isEqualTo(new Resources(5_000, 0, 500, 3, "A100"));
        assertThat(provider.withReserved(new Resources(0, 0, 0, 4, "A100")).free())
                .isEqualTo(new Resources(8_000, 32_768, 500, 0, ""));
        assertThat(provider.withReserved(Resources.NONE).capacity()).isEqualTo(gpus);
    }

    @Test
    void refusesFreeResourcesBeyondTheCapacity() {
        assertThatThrownBy(() -> new Provider(ADDRESS, "n", "https://n.example", CAPACITY, Resources.of(8_001, 0, 0), PRICES, true))
                .hasMessage("free resources exceed the capacity");
        assertThatThrownBy(() -> new Provider(ADDRESS, "n", "https://n.example", CAPACITY, null, PRICES, true))
                .hasMessage("free is missing");
    }
}
