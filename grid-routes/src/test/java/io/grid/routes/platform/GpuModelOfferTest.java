package io.grid.routes.platform;

import static io.grid.routes.platform.PlatformFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** A provider's terms on chain name several GPU models; the platform filters and quotes by them. */
class GpuModelOfferTest {

    @TempDir
    static Path directory;
    static PlatformFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new PlatformFixture(directory);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void offersSeveralGpuModelsFiltersThemIgnoringCaseAndRefusesAQuoteForAModelNotOffered() throws Exception {
        Credentials provider = fixture.chain.provider(3);
        HttpResponse<String> registered = fixture.register(provider,
                new Resources(8000, 16384, 200, 4, "NVIDIA-A100-SXM4-40GB,NVIDIA-H100-80GB-HBM3"), UnitPrices.of(3, 3, 3, 30));
        assertThat(registered.statusCode()).as(registered.body()).isBetween(200, 299);

        List<String> h100 = addresses(json(fixture.get("/providers?minGpuCount=1&gpuModel=nvidia-h100-80gb-hbm3")));
        List<String> l4 = addresses(json(fixture.get("/providers?minGpuCount=1&gpuModel=NVIDIA-L4")));
        HttpResponse<String> offered = fixture.post("/orders/quote", Map.of("provider", provider.getAddress(),
                "resources", Map.of("cpuMillicores", 1000, "memoryMib", 1024, "storageGib", 1, "gpuCount", 1,
                        "gpuModel", "nvidia-a100-sxm4-40gb"), "durationSeconds", 60));
        HttpResponse<String> absent = fixture.post("/orders/quote", Map.of("provider", provider.getAddress(),
                "resources", Map.of("cpuMillicores", 1000, "memoryMib", 1024, "storageGib", 1, "gpuCount", 1,
                        "gpuModel", "NVIDIA-L4"), "durationSeconds", 60));

        assertThat(h100).containsExactly(Address.of(provider.getAddress()).value());
        assertThat(l4).isEmpty();
        assertThat(offered.statusCode()).as(offered.body()).isEqualTo(200);
        assertThat(absent.statusCode()).as(absent.body()).isEqualTo(409);
        assertThat(json(absent).get("reason").asText()).isEqualTo("GPU_MODEL_ABSENT");
    }

    private static List<String> addresses(JsonNode providers) {
        List<String> result = new ArrayList<>();
        providers.forEach(p -> result.add(p.get("address").asText()));
        return result;
    }
}
