package io.grid.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FetchLimitsTest {

    private final FetchLimits limits = FetchLimits.forYaml(1_048_576, Duration.ofSeconds(10));

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml", "text/plain",
        "application/octet-stream", "text/yaml; charset=utf-8", "Application/YAML", " text/plain ;charset=UTF-8"})
    void acceptsTheContentTypesYamlIsServedWith(String contentType) {
        assertThatCode(() -> limits.checkContentType(contentType)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"text/html", "application/json", "application/yaml+evil", "text/yaml, text/html",
        "image/svg+xml", ";charset=utf-8"})
    void refusesOtherOrMissingContentTypes(String contentType) {
        assertThatThrownBy(() -> limits.checkContentType(contentType))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.BAD_CONTENT_TYPE));
    }

    @Test
    void refusesAnAnnouncedLengthAboveTheCapEarly() {
        assertThatCode(() -> limits.checkContentLength(-1)).doesNotThrowAnyException();
        assertThatCode(() -> limits.checkContentLength(1_048_576)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.checkContentLength(1_048_577))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.TOO_LARGE));
    }

    @Test
    void yamlLimitsFollowNoRedirect() {
        assertThatThrownBy(() -> limits.checkRedirect(0))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.TOO_MANY_REDIRECTS));
    }

    @Test
    void followsRedirectsUpToTheLimit() {
        FetchLimits twoHops = new FetchLimits(1024, Duration.ofSeconds(5), Set.of("TEXT/YAML"), 2);

        assertThatCode(() -> twoHops.checkRedirect(1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> twoHops.checkRedirect(2)).isInstanceOf(FetchRefusedException.class);
        assertThat(twoHops.contentTypes()).containsExactly("text/yaml");
    }

    @Test
    void deadlineIsTheStartPlusTheTimeout() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(limits.deadlineFrom(start)).isEqualTo(start.plusSeconds(10));
    }

    @Test
    void refusesLimitsThatCannotWork() {
        Duration timeout = Duration.ofSeconds(1);
        Set<String> types = Set.of("text/yaml");

        assertThatThrownBy(() -> new FetchLimits(0, timeout, types, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLimits(1, null, types, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLimits(1, Duration.ZERO, types, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLimits(1, timeout.negated(), types, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLimits(1, timeout, Set.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLimits(1, timeout, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLimits(1, timeout, types, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachRefusalAnswersWithAClientOrGatewayStatus() {
        assertThat(FetchRefusal.BLOCKED_ADDRESS.httpStatus()).isEqualTo(400);
        assertThat(FetchRefusal.TOO_LARGE.httpStatus()).isEqualTo(413);
        assertThat(FetchRefusal.BAD_CONTENT_TYPE.httpStatus()).isEqualTo(415);
        assertThat(FetchRefusal.TOO_SLOW.httpStatus()).isEqualTo(504);
    }
}
