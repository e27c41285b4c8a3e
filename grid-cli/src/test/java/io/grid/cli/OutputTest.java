package io.grid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {

    @Test
    void alignsColumnsAndRightAlignsNumbers() {
        List<String> lines = Output.table(List.of("ORDER", "STATE", "COST"),
                List.of(List.of("7", "ACTIVE", "1.5 GRID"), List.of("12", "COMPLETED settled", "0.25 GRID")), true);

        assertThat(lines).containsExactly(
                "ORDER  STATE                   COST",
                "    7  ACTIVE              1.5 GRID",
                "   12  COMPLETED settled  0.25 GRID");
    }

    @Test
    void writesAmountsWithTheTokensDecimals() {
        assertThat(Output.amount(new BigInteger("2500000000000000000"), 18, "GRID")).isEqualTo("2.5 GRID");
    }

    @Test
    void writesDurationsInTheLargestWholeUnit() {
        assertThat(Output.duration(7200)).isEqualTo("2 h");
        assertThat(Output.duration(600)).isEqualTo("10 min");
        assertThat(Output.duration(90)).isEqualTo("90 s");
    }

    @Test
    void readsDurationsAsPeopleWriteThem() {
        assertThat(Durations.seconds("90")).isEqualTo(90);
        assertThat(Durations.seconds("90s")).isEqualTo(90);
        assertThat(Durations.seconds("10m")).isEqualTo(600);
        assertThat(Durations.seconds("2h")).isEqualTo(7200);
        assertThat(Durations.seconds("1d")).isEqualTo(86_400);
    }
}
