package io.grid.core.workload;

import static io.grid.core.workload.Workloads.codes;
import static io.grid.core.workload.Workloads.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlLimitsTest {

    private static final String BILLION_LAUGHS = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;

    // Within the alias limit, yet 8^7 list entries once expanded.
    private static final String SMALL_ALIAS_BOMB = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: bomb}
            a: &a [x,x,x,x,x,x,x,x]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e]
            g: [*f,*f,*f,*f,*f,*f,*f,*f]
            """;

    @Test
    void refusesBillionLaughsQuicklyByCountingAliases() {
        WorkloadRefusedException refused = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> refusal(BILLION_LAUGHS));

        assertThat(codes(refused)).containsExactly(ViolationCode.TOO_MANY_ALIASES);
    }

    @Test
    void refusesAliasesThatExpandBeyondTheSizeLimitWithoutExpandingThem() {
        WorkloadRefusedException refused = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> refusal(SMALL_ALIAS_BOMB));

        assertThat(codes(refused)).containsExactly(ViolationCode.TOO_LARGE);
        assertThat(refused.violations().get(0).message()).contains("aliases expanded");
    }

    @Test
    void refusesRepeatedScalarAliasesThatExpandBeyondTheSizeLimit() {
        String big = "x".repeat(10_000);
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n");
        yaml.append("  k0: &big ").append(big).append('\n');
        for (int i = 1; i < 100; i++) {
            yaml.append("  k").append(i).append(": *big\n");
        }

        assertThat(codes(refusal(yaml.toString()))).containsExactly(ViolationCode.TOO_LARGE);
    }

    @Test
    void refusesOversizedInputBeforeParsing() {
        String yaml = "# " + "x".repeat(YamlLimits.DEFAULTS.maxBytes()) + "\n";

        WorkloadRefusedException refused = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(yaml));

        assertThat(codes(refused)).containsExactly(ViolationCode.TOO_LARGE);
        assertThat(refused.violations().get(0).document()).isEqualTo(Violation.WHOLE_WORKLOAD);
    }

    @Test
    void countsMultiByteCharactersAsTheirUtf8Bytes() {
        YamlPolicy policy = new YamlPolicy(new YamlLimits(100, 32, 50, 64));
        String yaml = "# " + "é".repeat(60) + "\n";

        assertThat(codes(refusal(policy, yaml, Workloads.TARGET))).containsExactly(ViolationCode.TOO_LARGE);
        assertThat(YamlDocuments.utf8Length("a\u00e9\u20ac\ud83d\ude00", 100)).isEqualTo(1 + 2 + 3 + 4);
        assertThat(YamlDocuments.utf8Length("\ud83d", 100)).as("a lone surrogate").isEqualTo(3);
    }

    @Test
    void refusesTooManyDocumentsWhileReadingThem() {
        String yaml = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n".repeat(1_000);

        WorkloadRefusedException refused = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(yaml));

        assertThat(codes(refused)).containsExactly(ViolationCode.TOO_MANY_DOCUMENTS);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String yaml = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";

        assertThat(codes(refusal(yaml))).containsExactly(ViolationCode.TOO_DEEP);
    }

    @Test
    void refusesDuplicateKeys() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: c}\n";

        assertThat(codes(refusal(yaml))).containsExactly(ViolationCode.DUPLICATE_KEY);
    }

    @Test
    void refusesACollectionThatContainsItself() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nloop: &loop [*loop]\n";

        assertThat(codes(refusal(yaml))).containsExactly(ViolationCode.RECURSIVE_STRUCTURE);
    }

    @Test
    void refusesRecursiveKeys() {
        String yaml = "&key { *key : value }\n";

        assertThat(codes(refusal(yaml))).containsExactly(ViolationCode.RECURSIVE_STRUCTURE);
    }

    @Test
    void refusesKeysThatAreNotStrings() {
        String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  1: one\n";

        WorkloadRefusedException refused = refusal(yaml);

        assertThat(codes(refused)).containsExactly(ViolationCode.NON_STRING_KEY);
        assertThat(refused.violations().get(0).path()).isEqualTo("/data");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "apiVersion: v1\nkind: [unclosed\n",
        "key: value\n  bad indentation: x\n",
        "!!python/object:os.system [ls]\n",
        "!local {a: b}\n",
        "a: *undefined\n",
        "\"unterminated\n",
        "a: !!int abc\n",
        "a: !!float abc\n",
        "a: !!binary \"not base64 ~~\"\n"
    })
    void turnsMalformedYamlIntoAViolation(String yaml) {
        WorkloadRefusedException refused = refusal(yaml);

        assertThat(codes(refused)).containsExactly(ViolationCode.MALFORMED_YAML);
        assertThat(refused.violations().get(0).message()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "---\n---\n", "# only a comment\n"})
    void refusesYamlWithoutObjects(String yaml) {
        assertThat(codes(refusal(yaml))).containsExactly(ViolationCode.NO_OBJECTS);
    }

    @Test
    void refusesNullInputAsEmpty() {
        assertThat(codes(refusal(null))).containsExactly(ViolationCode.NO_OBJECTS);
    }

    @Test
    void acceptsAliasesWithinTheLimits() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: shared
                  labels: &labels {app: web, tier: front}
                  annotations: *labels
                """;

        assertThat(new YamlPolicy().sanitise(yaml, Workloads.TARGET).objects()).hasSize(1);
    }

    @Test
    void refusesLimitsThatAreNotPositive() {
        assertThatThrownBy(() -> new YamlLimits(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new YamlLimits(1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new YamlLimits(1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new YamlLimits(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new YamlLimits(1, 1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new YamlLimits(1, 1, 0, 1).maxReplicas()).isEqualTo(YamlLimits.DEFAULTS.maxReplicas());
    }
}
