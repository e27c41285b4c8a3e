package io.grid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.client.ProviderTerms;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermsFileTest {

    @Test
    void readsTablesAndComments() {
        ProviderTerms terms = TermsFile.parse(List.of(
                "# my terms",
                "name = \"my # provider\"",
                "gateway-url = \"https://gw.example.org\"",
                "[capacity]",
                "cpu-millicores = 8_000",
                "memory-mib = 16384   # 16 GiB",
                "storage-gib = 100",
                "[prices]",
                "per-cpu-millicore = 2",
                "per-memory-mib = 1",
                "per-storage-gib = 5"), "terms.toml");

        assertThat(terms).isEqualTo(new ProviderTerms("my # provider", "https://gw.example.org",
                Resources.of(8000, 16384, 100), UnitPrices.of(2, 1, 5, 0)));
    }

    @Test
    void readsInlineTables() {
        ProviderTerms terms = TermsFile.parse(List.of(
                "name = \"p\"",
                "gateway-url = \"http://127.0.0.1:8080\"",
                "capacity = { cpu-millicores = 4000, memory-mib = 8192, storage-gib = 50, gpu-count = 2, "
                        + "gpu-model = \"A100\" }",
                "prices = { per-cpu-millicore = 3, per-memory-mib = 1, per-storage-gib = 5, per-gpu = 900 }"), "t");

        assertThat(terms.capacity()).isEqualTo(new Resources(4000, 8192, 50, 2, "A100"));
        assertThat(terms.prices()).isEqualTo(UnitPrices.of(3, 1, 5, 900));
    }

    @Test
    void namesTheLineOfAnUnknownKey() {
        assertThatThrownBy(() -> TermsFile.parse(List.of("name = \"p\"", "[capacity]", "cpus = 4"), "t.toml"))
                .isInstanceOf(UsageProblem.class).hasMessageContaining("t.toml line 3: unknown key 'capacity.cpus'");
    }

    @Test
    void refusesMissingNameAndNegativePrices() {
        assertThatThrownBy(() -> TermsFile.parse(List.of("gateway-url = \"http://x\""), "t"))
                .hasMessageContaining("'name' is missing");
        assertThatThrownBy(() -> TermsFile.parse(List.of("name = \"p\"", "gateway-url = \"http://x\"",
                "[prices]", "per-gpu = -1"), "t")).hasMessageContaining("perGpu must not be negative");
    }
}
