package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuModelsTest {

    @Test
    void readsACommaSeparatedListStrippedWithoutDuplicates() {
        assertThat(GpuModels.parse(" NVIDIA-A100-SXM4-40GB , NVIDIA-H100-80GB-HBM3,nvidia-a100-sxm4-40gb"))
                .containsExactly("NVIDIA-A100-SXM4-40GB", "NVIDIA-H100-80GB-HBM3");
        assertThat(GpuModels.parse("")).isEmpty();
        assertThat(GpuModels.parse(null)).isEmpty();
    }

    @Test
    void offersAModelWhenAnyWantedModelIsOfferedIgnoringCase() {
        String offered = "NVIDIA-A100-SXM4-40GB,NVIDIA-H100-80GB-HBM3";

        assertThat(GpuModels.offers(offered, "nvidia-h100-80gb-hbm3")).isTrue();
        assertThat(GpuModels.offers(offered, "NVIDIA-L4,NVIDIA-A100-SXM4-40GB")).isTrue();
        assertThat(GpuModels.offers(offered, "NVIDIA-L4")).isFalse();
        assertThat(GpuModels.offers("", "NVIDIA-L4")).isFalse();
        assertThat(GpuModels.offers(offered, "")).isTrue();
    }

    @Test
    void refusesEmptyOverlongStrangeAndTooManyModels() {
        assertThatThrownBy(() -> GpuModels.parse("A100,,H100")).hasMessageContaining("empty model");
        assertThatThrownBy(() -> GpuModels.parse("g".repeat(65))).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> GpuModels.parse("A100;rm")).hasMessageContaining("character");
        assertThatThrownBy(() -> GpuModels.parse("a,b,c,d,e,f,g,h,i")).hasMessageContaining("at most 8");
    }

    @Test
    void resourcesWithSeveralModelsCoverAnOrderForOneOfThem() {
        Resources offered = new Resources(8000, 16384, 100, 4, "NVIDIA-A100-SXM4-40GB,NVIDIA-H100-80GB-HBM3");

        assertThat(offered.covers(new Resources(1000, 1024, 1, 2, "nvidia-h100-80gb-hbm3"))).isTrue();
        assertThat(offered.covers(new Resources(1000, 1024, 1, 2, "NVIDIA-L4"))).isFalse();
        assertThat(GpuModels.join(List.of("A", "B"))).isEqualTo("A,B");
    }
}
