package io.grid.core.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.core.money.Settlement.Split;
import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The settlement rule's invariants, for all costs up to uint256 and all durations up to Long.MAX_VALUE. */
class SettlementPropertiesTest {

    @Provide
    Arbitrary<BigInteger> costs() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, Uint256.MAX),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1_000_000)),
                Arbitraries.bigIntegers().between(Uint256.MAX.subtract(BigInteger.valueOf(1L << 40)), Uint256.MAX));
    }

    @Provide
    Arbitrary<Long> durations() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.longs().between(1, 100_000),
                Arbitraries.longs().between(Long.MAX_VALUE - 1_000, Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .flatMap(seconds -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.longs().between(0, 1_000_000_000_000L);
    }

    @Property
    void shareAndRefundAlwaysAddUpToCost(@ForAll("costs") BigInteger cost, @ForAll("durations") long duration,
                                         @ForAll("instants") Instant start, @ForAll("instants") Instant t) {
        Split split = Settlement.at(cost, duration, start, t);

        assertThat(split.providerShare().add(split.refund())).isEqualTo(cost);
    }

    @Property
    void shareIsNeverNegativeNorAboveCost(@ForAll("costs") BigInteger cost, @ForAll("durations") long duration,
                                          @ForAll long served) {
        BigInteger share = Settlement.providerShare(cost, duration, served);

        assertThat(share).isBetween(BigInteger.ZERO, cost);
    }

    @Property
    void shareIsCostTimesServedOverDurationRoundedDown(@ForAll("costs") BigInteger cost,
                                                       @ForAll("durations") long duration, @ForAll long served) {
        long clamped = Math.max(0, Math.min(served, duration));
        BigInteger d = BigInteger.valueOf(duration);

        BigInteger share = Settlement.providerShare(cost, duration, served);

        // floor(x / d) is the one integer q with q*d <= x < (q+1)*d
        BigInteger exact = cost.multiply(BigInteger.valueOf(clamped));
        assertThat(share.multiply(d)).isLessThanOrEqualTo(exact);
        assertThat(share.add(BigInteger.ONE).multiply(d)).isGreaterThan(exact);
    }

    @Property
    void shareNeverDecreasesAsServedTimeGrows(@ForAll("costs") BigInteger cost, @ForAll("durations") long duration,
                                              @ForAll long served, @ForAll("offsets") long more) {
        long later = served > Long.MAX_VALUE - more ? Long.MAX_VALUE : served + more;

        BigInteger earlier = Settlement.providerShare(cost, duration, served);
        BigInteger after = Settlement.providerShare(cost, duration, later);

        assertThat(after).isGreaterThanOrEqualTo(earlier);
    }

    @Property
    void shareNeverDecreasesAsSettlementTimeGrows(@ForAll("costs") BigInteger cost,
                                                  @ForAll("durations") long duration, @ForAll("instants") Instant start,
                                                  @ForAll("instants") Instant a, @ForAll("instants") Instant b) {
        Instant earlier = a.isBefore(b) ? a : b;
        Instant later = a.isBefore(b) ? b : a;

        Split first = Settlement.at(cost, duration, start, earlier);
        Split second = Settlement.at(cost, duration, start, later);

        assertThat(second.providerShare()).isGreaterThanOrEqualTo(first.providerShare());
        assertThat(second.refund()).isLessThanOrEqualTo(first.refund());
    }

    @Property
    void settlingAtOrBeforeStartPaysProviderNothing(@ForAll("costs") BigInteger cost,
                                                    @ForAll("durations") long duration,
                                                    @ForAll("offsets") long secondsBefore) {
        Instant start = Instant.parse("2025-06-01T12:00:00Z");

        Split split = Settlement.at(cost, duration, start, start.minusSeconds(secondsBefore));

        assertThat(split.servedSeconds()).isZero();
        assertThat(split.providerShare()).isZero();
        assertThat(split.refund()).isEqualTo(cost);
    }

    @Property
    void settlingAtOrAfterEndPaysProviderFullCost(@ForAll("costs") BigInteger cost,
                                                  @ForAll("offsets") long duration,
                                                  @ForAll("offsets") long secondsAfter) {
        long positive = duration + 1;
        Instant start = Instant.parse("2025-06-01T12:00:00Z");

        Split split = Settlement.at(cost, positive, start, start.plusSeconds(positive).plusSeconds(secondsAfter));

        assertThat(split.servedSeconds()).isEqualTo(positive);
        assertThat(split.providerShare()).isEqualTo(cost);
        assertThat(split.refund()).isZero();
    }

    @Property
    void aOneSecondOrderIsAllOrNothing(@ForAll("costs") BigInteger cost, @ForAll long served) {
        BigInteger share = Settlement.providerShare(cost, 1, served);

        assertThat(share).isEqualTo(served >= 1 ? cost : BigInteger.ZERO);
    }

    @Property
    void hugeCostsAndDurationsNeverOverflow(@ForAll("costs") BigInteger cost, @ForAll long served) {
        long duration = Long.MAX_VALUE;

        BigInteger share = Settlement.providerShare(cost, duration, served);
        BigInteger full = Settlement.providerShare(cost, duration, Long.MAX_VALUE);

        assertThat(share).isBetween(BigInteger.ZERO, cost);
        assertThat(full).isEqualTo(cost);
        assertThat(cost.subtract(share)).isBetween(BigInteger.ZERO, Uint256.MAX);
    }
}
