package io.grid.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void derivesTypeUriFromReason() {
        Problem problem = Problem.of(402, "Order underpaid", "UNDERPAID", "pays 1, costs 2");

        assertThat(problem.type()).isEqualTo("urn:grid:problem:underpaid");
        assertThat(problem.reason()).isEqualTo("UNDERPAID");
        assertThat(problem.status()).isEqualTo(402);
        assertThat(problem.instance()).isNull();
        assertThat(problem.violations()).isEmpty();
    }

    @Test
    void turnsUnderscoresIntoHyphensInType() {
        assertThat(Problem.of(409, "No room", "INSUFFICIENT_CAPACITY", null).type())
                .isEqualTo("urn:grid:problem:insufficient-capacity");
    }

    @Test
    void defaultsTypeToAboutBlank() {
        assertThat(new Problem(null, "Bad request", 400, null, null, null, null).type()).isEqualTo("about:blank");
    }

    @Test
    void recordsWhereItHappenedAndItsViolations() {
        Problem problem = Problem.of(422, "Policy", "POLICY", "refused")
                .at("/orders/7/deploy")
                .withViolations(List.of("hostNetwork", "privileged"));

        assertThat(problem.instance()).isEqualTo("/orders/7/deploy");
        assertThat(problem.violations()).containsExactly("hostNetwork", "privileged");
        assertThat(problem.reason()).isEqualTo("POLICY");
    }

    @Test
    void keepsItsOwnCopyOfViolations() {
        List<String> violations = new ArrayList<>(List.of("a"));
        Problem problem = Problem.of(422, "Policy", "POLICY", null).withViolations(violations);

        violations.add("b");

        assertThat(problem.violations()).containsExactly("a");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 200, 302, 399, 600})
    void refusesStatusOutside4xxAnd5xx(int status) {
        assertThatThrownBy(() -> new Problem(null, "x", status, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4xx or 5xx");
    }

    @Test
    void refusesMissingOrOverlongTitle() {
        assertThatThrownBy(() -> new Problem(null, " ", 400, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("title is missing");
        assertThatThrownBy(() -> new Problem(null, "t".repeat(201), 400, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 200");
    }

    @Test
    void writesRfc9457MembersAndLeavesOutEmptyOnes() throws Exception {
        Problem problem = Problem.of(401, "Signature mismatch", "SIGNATURE_MISMATCH", "wrong signer");

        JsonNode body = json.readTree(json.writeValueAsString(problem));

        assertThat(body.get("type").asText()).isEqualTo("urn:grid:problem:signature-mismatch");
        assertThat(body.get("title").asText()).isEqualTo("Signature mismatch");
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("detail").asText()).isEqualTo("wrong signer");
        assertThat(body.get("reason").asText()).isEqualTo("SIGNATURE_MISMATCH");
        assertThat(body.has("instance")).isFalse();
        assertThat(body.has("violations")).isFalse();
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        Problem problem = Problem.of(422, "Policy", "POLICY", "two violations")
                .at("/deploy").withViolations(List.of("hostPID", "hostPath"));

        Problem back = json.readValue(json.writeValueAsString(problem), Problem.class);

        assertThat(back).isEqualTo(problem);
    }

    @Test
    void roundTripsAMinimalProblemThroughJson() throws Exception {
        Problem problem = new Problem(null, "Bad request", 400, null, null, null, List.of());

        Problem back = json.readValue(json.writeValueAsString(problem), Problem.class);

        assertThat(back).isEqualTo(problem);
    }

    @Test
    void mediaTypeIsProblemJson() {
        assertThat(Problem.MEDIA_TYPE).isEqualTo("application/problem+json");
    }
}
