package io.grid.core.whynot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.GpuModels;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.core.money.Pricing;
import io.grid.core.whynot.ProviderFit.Offer;
import io.grid.core.whynot.ProviderFit.Request;
import io.grid.core.whynot.ProviderFit.Verdict;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ProviderFitTest {

    private static final UnitPrices PRICES = new UnitPrices(BigInteger.valueOf(2), BigInteger.valueOf(3),
            BigInteger.valueOf(5), BigInteger.valueOf(7));
    private static final Resources FREE = new Resources(4000, 8192, 100, 2, "A100");
    private static final Resources ASKED = new Resources(1000, 1024, 10, 1, "any");

    @Test
    void aProviderWithEnoughOfEverythingFitsAtTheOrderPathsCost() {
        Verdict verdict = ProviderFit.decide(new Request(ASKED, "a100", 3600, null), new Offer(FREE, "A100", PRICES, true));

        assertThat(verdict.fits()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.cost()).isEqualTo(Pricing.cost(ASKED, PRICES, 3600))
                .isEqualTo(BigInteger.valueOf((1000 * 2 + 1024 * 3 + 10 * 5 + 7) * 3600L));
    }

    @Test
    void everyReasonIsGivenAtOnce() {
        Resources free = new Resources(500, 512, 100, 0, "");
        Verdict verdict = ProviderFit.decide(new Request(ASKED, "H100", 10, BigInteger.ONE),
                new Offer(free, "A100", PRICES, false));

        assertThat(verdict.fits()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                Reason.insufficient("cpuMillicores", 1000, 500),
                Reason.insufficient("memoryMib", 1024, 512),
                Reason.insufficient("gpuCount", 1, 0),
                Reason.gpuModelAbsent("H100", "A100"),
                Reason.priceAboveLimit(verdict.cost(), BigInteger.ONE),
                Reason.gatewayOffline());
    }

    @Test
    void aCostEqualToTheLimitFitsOneAboveDoesNot() {
        BigInteger cost = Pricing.cost(ASKED, PRICES, 60);
        Offer offer = new Offer(FREE, "A100", PRICES, true);

        assertThat(ProviderFit.decide(new Request(ASKED, "", 60, cost), offer).fits()).isTrue();
        assertThat(ProviderFit.decide(new Request(ASKED, "", 60, cost.subtract(BigInteger.ONE)), offer).reasons())
                .containsExactly(Reason.priceAboveLimit(cost, cost.subtract(BigInteger.ONE)));
    }

    @Test
    void aGatewayNeverProbedIsNoReasonOneFoundOfflineIs() {
        assertThat(ProviderFit.decide(new Request(ASKED, "", 60, null), new Offer(FREE, "A100", PRICES, null)).fits())
                .isTrue();
        assertThat(ProviderFit.decide(new Request(ASKED, "", 60, null), new Offer(FREE, "A100", PRICES, false))
                .reasons()).containsExactly(Reason.gatewayOffline());
    }

    @Test
    void aModelIsAbsentFromAProviderWithoutGpusAndMatchesAnyCaseAndListEntry() {
        Resources noGpu = Resources.of(1000, 1024, 10);
        assertThat(ProviderFit.decide(new Request(noGpu, "A100", 60, null),
                new Offer(Resources.of(4000, 8192, 100), "", PRICES, true)).reasons())
                .containsExactly(Reason.gpuModelAbsent("A100", ""));
        assertThat(GpuModels.offers("NVIDIA-A100-SXM4-40GB, NVIDIA-H100", " nvidia-h100 ")).isTrue();
        assertThat(GpuModels.offers("NVIDIA-A100", "NVIDIA-H100")).isFalse();
        assertThat(GpuModels.offers("", "")).isTrue();
        assertThat(GpuModels.offers(null, "A100")).isFalse();
    }

    @Test
    void aRequestOfNothingOrForNoTimeIsRefused() {
        assertThatThrownBy(() -> new Request(Resources.NONE, "", 60, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request(ASKED, "", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Request(ASKED, "", 60, BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void aProviderFitsExactlyWhenFreeCoversTheRequestTheModelIsOfferedTheCostIsWithinTheLimitAndTheGatewayIsNotOffline(
            @ForAll @LongRange(min = 0, max = 10_000) long cpu, @ForAll @LongRange(min = 0, max = 10_000) long freeCpu,
            @ForAll @LongRange(min = 0, max = 4) long gpus, @ForAll @LongRange(min = 0, max = 4) long freeGpus,
            @ForAll boolean sameModel, @ForAll @LongRange(min = 1, max = 1_000_000) long duration,
            @ForAll @LongRange(min = 0, max = 100_000_000_000L) long limit, @ForAll boolean online) {
        Resources asked = new Resources(cpu, 1, 0, gpus, gpus > 0 ? "A100" : "");
        Resources free = new Resources(freeCpu, 1, 0, freeGpus, freeGpus > 0 ? "A100" : "");
        String model = sameModel ? "A100" : "H100";
        Verdict verdict = ProviderFit.decide(new Request(asked, model, duration, BigInteger.valueOf(limit)),
                new Offer(free, "A100", PRICES, online));

        BigInteger cost = Pricing.cost(asked, PRICES, duration);
        boolean expected = cpu <= freeCpu && gpus <= freeGpus && sameModel
                && cost.compareTo(BigInteger.valueOf(limit)) <= 0 && online;
        assertThat(verdict.fits()).isEqualTo(expected);
        assertThat(verdict.cost()).isEqualTo(cost);
        assertThat(verdict.reasons().stream().filter(r -> r.code() == Reason.Code.INSUFFICIENT_RESOURCE).count())
                .isEqualTo((cpu > freeCpu ? 1 : 0) + (gpus > freeGpus ? 1 : 0));
    }
}
