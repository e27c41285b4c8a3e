package io.grid.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ProviderFilterTest {

    @Test
    void asksOnlyForWhatFilters() {
        assertThat(ProviderFilter.ALL.query()).isEmpty();
        assertThat(new ProviderFilter(500, 1024, 0, 0, "A 100", BigInteger.TWO, null, null, null, "price").query())
                .isEqualTo("?minCpuMillicores=500&minMemoryMib=1024&gpuModel=A+100&maxPriceCpuMillicore=2&sort=price");
    }
}
