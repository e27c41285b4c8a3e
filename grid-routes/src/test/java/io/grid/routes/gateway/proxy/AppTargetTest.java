package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the order and upstream target from a request-target and Host. */
class AppTargetTest {

    @Test
    void removesThePrefixAndKeepsTheQuery() {
        AppTarget target = AppTarget.parse("/orders/42/app/a/b?c=d", "gw", null);

        assertThat(target.orderId()).isEqualTo(BigInteger.valueOf(42));
        assertThat(target.upstreamUri()).isEqualTo("/a/b?c=d");
        assertThat(target.prefix()).isEqualTo("/orders/42/app");
    }

    @Test
    void sendsTheRootWithAQueryWhenOnlyTheQueryFollowsThePrefix() {
        assertThat(AppTarget.parse("/orders/1/app?x=1", null, null).upstreamUri()).isEqualTo("/?x=1");
    }

    @Test
    void ignoresSchemeAndAuthorityOfAnAbsoluteTarget() {
        assertThat(AppTarget.parse("http://10.0.0.1:9/orders/3/app/z", null, null).upstreamUri()).isEqualTo("/z");
    }

    @Test
    void readsTheOrderFromAWildcardHostAndIgnoresOtherHosts() {
        AppTarget target = AppTarget.parse("/x", "12.APPS.gw.example:443", "gw.example");

        assertThat(target.orderId()).isEqualTo(BigInteger.valueOf(12));
        assertThat(target.upstreamUri()).isEqualTo("/x");
        assertThatThrownBy(() -> AppTarget.parse("/x", "a.12.apps.gw.example", "gw.example"))
                .isInstanceOf(ProxyProblem.class);
    }

    @Test
    void refusesOrderIdsBeyond256Bits() {
        String tooBig = BigInteger.ONE.shiftLeft(256).toString();

        assertThatThrownBy(() -> AppTarget.parse("/orders/" + tooBig + "/app/", null, null))
                .isInstanceOf(ProxyProblem.class)
                .satisfies(e -> assertThat(((ProxyProblem) e).status()).isEqualTo(404));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "example.org:443"})
    void refusesTargetsThatAreNotPaths(String target) {
        assertThatThrownBy(() -> AppTarget.parse(target, null, null))
                .isInstanceOf(ProxyProblem.class)
                .satisfies(e -> assertThat(((ProxyProblem) e).reason()).isEqualTo("BAD_REQUEST_TARGET"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/1/app/..", "/orders/1/app/.%2E/", "/orders/1/app/%00", "/orders/1/app/%5c..",
        "/orders/1/app/%25%32%65%25%32%65"})
    void refusesDotSegmentsAndEncodedSeparators(String path) {
        assertThatThrownBy(() -> AppTarget.parse(path, null, null))
                .isInstanceOf(ProxyProblem.class)
                .satisfies(e -> assertThat(((ProxyProblem) e).reason()).isEqualTo("PATH_TRAVERSAL"));
    }

    @Test
    void keepsHarmlessEscapesAndDotsInsideNames() {
        assertThat(AppTarget.parse("/orders/1/app/v1.2/a%20b/..x/%zz", null, null).upstreamUri())
                .isEqualTo("/v1.2/a%20b/..x/%zz");
    }
}
