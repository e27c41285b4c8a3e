package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.core.refusal.Refusal;
import io.grid.routes.gateway.proxy.Admission.Forward;
import io.grid.routes.gateway.proxy.Admission.Refuse;
import io.grid.routes.gateway.proxy.Admission.Verdict;
import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The proxy's admission step on its own, without a channel: each class of refusal, in the order the checks run,
 * and the forward of an allowed request.
 */
class AdmissionTest {

    private static final String SESSION = "session-of-the-order-user";
    private static final URI ENTRANCE = URI.create("http://10.0.0.7:8080");
    private static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");
    private static final long BODY_CAP = 1024;

    /** The gateway's order state as the proxy sees it: per order, the entrance or the refusal it answers. */
    private final Map<BigInteger, Decision> orders = new HashMap<>();
    private final ProxyAccess byOrder = (orderId, cookie, bearer, now) -> {
        Decision recorded = orders.getOrDefault(orderId, Decision.unknownOrder());
        boolean signedIn = SESSION.equals(cookie) || SESSION.equals(bearer);
        return recorded instanceof ProxyAccess.Allowed && !signedIn ? Decision.missingCookie() : recorded;
    };
    private final ProxySettings settings = ProxySettings.defaults("grid").withMaxRequestBodyBytes(BODY_CAP)
            .withWildcardDomain("gw.example");
    private final Admission admission = new Admission(settings, byOrder, Clock.fixed(NOW, ZoneOffset.UTC));

    AdmissionTest() {
        orders.put(BigInteger.valueOf(7), Decision.allowed(ENTRANCE));
    }

    private static HttpRequest get(String target) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
        request.headers().set(HttpHeaderNames.HOST, "gw.example");
        return request;
    }

    private Verdict admit(HttpRequest request, long contentLength, String cookie) {
        return admission.admit(request, request.headers().get(HttpHeaderNames.HOST), contentLength, cookie, null);
    }

    @Test
    void forwardsAnAllowedRequestToTheOrdersEntrance() {
        Verdict verdict = admit(get("/orders/7/app/api?q=1"), -1, SESSION);

        assertThat(verdict).isInstanceOf(Forward.class);
        Forward forward = (Forward) verdict;
        assertThat(forward.entrance()).isEqualTo(new Entrance("10.0.0.7", 8080));
        assertThat(forward.target()).isEqualTo(new AppTarget(BigInteger.valueOf(7), "/api?q=1", "/orders/7/app"));
    }

    @Test
    void forwardsAWildcardHostWithItsPathKept() {
        HttpRequest request = get("/api");
        request.headers().set(HttpHeaderNames.HOST, "7.apps.gw.example");

        Verdict verdict = admit(request, -1, SESSION);

        assertThat(((Forward) verdict).target()).isEqualTo(new AppTarget(BigInteger.valueOf(7), "/api", ""));
    }

    @Test
    void acceptsABearerTokenInsteadOfTheCookie() {
        HttpRequest request = get("/orders/7/app/");

        Verdict verdict = admission.admit(request, "gw.example", -1, null, SESSION);

        assertThat(verdict).isInstanceOf(Forward.class);
    }

    @Test
    void answersTheSameRequestAgainWithTheSameForward() {
        Verdict first = admit(get("/orders/7/app/a"), -1, SESSION);
        Verdict second = admit(get("/orders/7/app/a"), -1, SESSION);

        assertThat(second).isSameAs(first);
    }

    @Test
    void refusesAHeadNettyCouldNotParseAndCloses() {
        HttpRequest request = get("/orders/7/app/");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

        Verdict verdict = admit(request, -1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(400, "MALFORMED_REQUEST", "the request could not be parsed", true,
                null));
    }

    @Test
    void refusesAmbiguousFramingAndCloses() {
        HttpRequest request = get("/orders/7/app/");
        request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked").set(HttpHeaderNames.CONTENT_LENGTH, "5");

        Verdict verdict = admit(request, -1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(400, "BAD_FRAMING",
                "the request has both Transfer-Encoding and Content-Length", true, null));
    }

    @Test
    void refusesConnectWithoutClosing() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, "/orders/7/app/");

        Verdict verdict = admit(request, -1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(405, "METHOD_NOT_ALLOWED", "CONNECT is not proxied", false, null));
    }

    @ParameterizedTest
    @CsvSource({
        "/elsewhere,               404, NOT_FOUND",
        "/orders/x/app/,           404, UNKNOWN_ORDER",
        "/orders/7/app/../8/app/,  400, PATH_TRAVERSAL",
        "*,                        400, BAD_REQUEST_TARGET"
    })
    void refusesARequestThatNamesNoAppOrAnUnsafePath(String target, int status, String reason) {
        Verdict verdict = admit(get(target), -1, SESSION);

        assertThat(verdict).isInstanceOf(Refuse.class);
        Refuse refuse = (Refuse) verdict;
        assertThat(refuse.status()).isEqualTo(status);
        assertThat(refuse.reason()).isEqualTo(reason);
        assertThat(refuse.closeConnection()).isFalse();
        assertThat(refuse.orderId()).isNull();
    }

    @Test
    void refusesWithoutCredentialsWithTheAccessChecksReason() {
        Verdict verdict = admit(get("/orders/7/app/"), -1, null);

        assertThat(verdict).isEqualTo(new Refuse(401, "COOKIE_MISSING", "access to this order's app is refused",
                false, BigInteger.valueOf(7)));
    }

    @ParameterizedTest
    @CsvSource({"COOKIE_INVALID, 401", "NOT_ORDER_USER, 403", "ORDER_ENDED, 410", "NO_ENTRANCE, 404"})
    void passesOnEachRefusalOfTheAccessCheck(String reason, int status) {
        orders.put(BigInteger.valueOf(9), new ProxyAccess.Refused(status, reason));

        Verdict verdict = admit(get("/orders/9/app/"), -1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(status, reason, "access to this order's app is refused", false,
                BigInteger.valueOf(9)));
    }

    @Test
    void refusesAnOrderTheGatewayDoesNotKnow() {
        Verdict verdict = admit(get("/orders/8/app/"), -1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(404, "UNKNOWN_ORDER", "access to this order's app is refused", false,
                BigInteger.valueOf(8)));
    }

    @Test
    void refusesAndClosesWhenTheAccessCheckFails() {
        ProxyAccess failing = (orderId, cookie, bearer, now) -> {
            throw new IllegalStateException("order store unreadable");
        };
        Admission failingAdmission = new Admission(settings, failing, Clock.fixed(NOW, ZoneOffset.UTC));

        Verdict verdict = failingAdmission.admit(get("/orders/7/app/"), "gw.example", -1, SESSION, null);

        assertThat(verdict).isEqualTo(new Refuse(500, "ACCESS_CHECK_FAILED",
                "the gateway could not check access to this order", true, BigInteger.valueOf(7)));
    }

    @Test
    void refusesAndClosesWhenTheAccessCheckAnswersNothing() {
        Admission undecided = new Admission(settings, (orderId, cookie, bearer, now) -> null,
                Clock.fixed(NOW, ZoneOffset.UTC));

        Verdict verdict = undecided.admit(get("/orders/7/app/"), "gw.example", -1, SESSION, null);

        assertThat(verdict).isEqualTo(new Refuse(500, "ACCESS_CHECK_FAILED",
                "the gateway could not check access to this order", true, BigInteger.valueOf(7)));
    }

    @Test
    void refusesAnEntranceThatIsNotPlainHttp() {
        orders.put(BigInteger.valueOf(7), Decision.allowed(URI.create("https://10.0.0.7:8443")));

        Verdict verdict = admit(get("/orders/7/app/"), -1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(502, "BAD_ENTRANCE",
                "the order's entrance is not an http://host:port address", false, BigInteger.valueOf(7)));
    }

    @Test
    void refusesADeclaredBodyOverTheCapAndCloses() {
        Verdict verdict = admit(get("/orders/7/app/"), BODY_CAP + 1, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(413, "BODY_TOO_LARGE", "the request body is larger than 1024 bytes",
                true, BigInteger.valueOf(7)));
        assertThat(admit(get("/orders/7/app/"), BODY_CAP, SESSION)).isInstanceOf(Forward.class);
    }

    @Test
    void refusesAnExpectationOtherThanContinueAndCloses() {
        HttpRequest request = get("/orders/7/app/");
        request.headers().set(HttpHeaderNames.EXPECT, "200-ok");

        Verdict verdict = admit(request, 10, SESSION);

        assertThat(verdict).isEqualTo(new Refuse(417, "EXPECTATION_FAILED", "only Expect: 100-continue is supported",
                true, BigInteger.valueOf(7)));
    }

    @Test
    void admitsExpectContinueInAnyCase() {
        HttpRequest request = get("/orders/7/app/");
        request.headers().set(HttpHeaderNames.EXPECT, "100-Continue");

        assertThat(admit(request, 10, SESSION)).isInstanceOf(Forward.class);
    }

    @Test
    void tellsAStrangerNothingAboutTheBodyCapOrTheEntrance() {
        // Access is decided before the body size: a request without credentials learns only that it needs them.
        Verdict verdict = admit(get("/orders/7/app/"), BODY_CAP + 1, null);

        assertThat(((Refuse) verdict).reason()).isEqualTo(Refusal.COOKIE_MISSING.name());
    }

    @Test
    void refusesMalformedHeadsBeforeLookingAtTheMethodOrPath() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, "*");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));

        Verdict verdict = admit(request, -1, SESSION);

        assertThat(((Refuse) verdict).reason()).isEqualTo("MALFORMED_REQUEST");
    }
}
