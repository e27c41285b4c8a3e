package io.grid.routes.gateway.proxy;

import io.grid.core.log.LogEvent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one request may reach an order's app, decided from its parsed head, the credentials it carried and the
 * gateway's {@link ProxyAccess}: either {@link Refuse} (a status, a reason code, a detail, and whether the
 * connection must close) or {@link Forward} (the app target and the entrance to send it to). It touches no channel
 * and writes nothing; the checks run in a fixed order, the first that fails decides:
 * <ol>
 *   <li>a head Netty could not parse: 400 {@code MALFORMED_REQUEST}, closing;</li>
 *   <li>framing two servers could read differently ({@link RequestFraming}): 400 {@code BAD_FRAMING}, closing;</li>
 *   <li>{@code CONNECT}: 405 {@code METHOD_NOT_ALLOWED};</li>
 *   <li>no app named, or an unsafe path ({@link AppTarget}): its 404 or 400;</li>
 *   <li>the access check failing or answering nothing: 500 {@code ACCESS_CHECK_FAILED}, closing; refusing: its
 *       4xx and reason;</li>
 *   <li>an entrance that is not {@code http://host:port}: 502 {@code BAD_ENTRANCE};</li>
 *   <li>a declared body over the cap: 413 {@code BODY_TOO_LARGE}, closing;</li>
 *   <li>an {@code Expect} other than {@code 100-continue}: 417 {@code EXPECTATION_FAILED}, closing.</li>
 * </ol>
 * One instance per client connection, on its I/O thread: it remembers the last target, entrance and forward, so a
 * client asking for the same app again costs neither parsing nor an allocation.
 */
final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    private static final String ACCESS_CHECK_FAILED = "the gateway could not check access to this order";

    /** What {@link #admit} decided: {@link Forward} or {@link Refuse}. */
    sealed interface Verdict permits Forward, Refuse {
    }

    /**
     * The request goes to {@code entrance}, as {@code target} says.
     *
     * @param target   the order, the upstream request-target and the removed prefix
     * @param entrance where the order's app listens
     */
    record Forward(AppTarget target, Entrance entrance) implements Verdict {
    }

    /**
     * The proxy answers the request itself with a problem.
     *
     * @param status          the HTTP status
     * @param reason          the reason code of the problem body
     * @param detail          the problem's detail
     * @param closeConnection true when the connection cannot carry another request after the answer
     * @param orderId         the order the request named, or null when it named none
     */
    record Refuse(int status, String reason, String detail, boolean closeConnection, BigInteger orderId)
            implements Verdict {
    }

    private final ProxyAccess access;
    private final Clock clock;
    private final String wildcardDomain;
    private final long maxRequestBodyBytes;
    /** The request-target and Host of the last request that named an app, and what they named. */
    private String lastRequestTarget;
    private String lastHost;
    private AppTarget lastTarget;
    /** The entrance URI of the last allowed request and its parsed form. */
    private URI lastEntranceUri;
    private Entrance lastEntrance;
    private Forward lastForward;

    Admission(ProxySettings settings, ProxyAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
        this.wildcardDomain = settings.wildcardDomain();
        this.maxRequestBodyBytes = settings.maxRequestBodyBytes();
    }

    /**
     * Decides one request.
     *
     * @param head          the decoded request head
     * @param clientHost    its Host header, or null
     * @param contentLength its declared Content-Length, or -1 (none, or chunked)
     * @param cookie        the value of the gateway's cookie, or null
     * @param bearer        the token of its {@code Authorization: Bearer} header, or null
     */
    Verdict admit(HttpRequest head, String clientHost, long contentLength, String cookie, String bearer) {
        if (head.decoderResult().isFailure()) {
            return new Refuse(400, "MALFORMED_REQUEST", "the request could not be parsed", true, null);
        }
        String badFraming = RequestFraming.refusal(head);
        if (badFraming != null) {
            return new Refuse(400, "BAD_FRAMING", badFraming, true, null);
        }
        if (HttpMethod.CONNECT.equals(head.method())) {
            return new Refuse(405, "METHOD_NOT_ALLOWED", "CONNECT is not proxied", false, null);
        }
        AppTarget target;
        try {
            target = target(head.uri(), clientHost);
        } catch (ProxyProblem problem) {
            return new Refuse(problem.status(), problem.reason(), problem.getMessage(), false, null);
        }
        Verdict verdict = decide(target, cookie, bearer);
        if (verdict instanceof Refuse) {
            return verdict;
        }
        if (contentLength > maxRequestBodyBytes) {
            return new Refuse(413, "BODY_TOO_LARGE", "the request body is larger than " + maxRequestBodyBytes
                    + " bytes", true, target.orderId());
        }
        String expect = head.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            return new Refuse(417, "EXPECTATION_FAILED", "only Expect: 100-continue is supported", true,
                    target.orderId());
        }
        return verdict;
    }

    /** The app a request names; a pure function of the two, so the last answer is reused. */
    private AppTarget target(String requestTarget, String clientHost) {
        if (requestTarget.equals(lastRequestTarget) && Objects.equals(clientHost, lastHost)) {
            return lastTarget;
        }
        AppTarget target = AppTarget.parse(requestTarget, clientHost, wildcardDomain);
        lastRequestTarget = requestTarget;
        lastHost = clientHost;
        lastTarget = target;
        return target;
    }

    /** Asks the gateway's access check, and reads the entrance it allows. */
    private Verdict decide(AppTarget target, String cookie, String bearer) {
        BigInteger orderId = target.orderId();
        ProxyAccess.Decision decision;
        try {
            decision = access.decide(orderId, cookie, bearer, clock.instant());
        } catch (RuntimeException e) {
            LogEvent.error(LOG, "proxy_access_check_failed").with("order", orderId).cause(e).log();
            return new Refuse(500, "ACCESS_CHECK_FAILED", ACCESS_CHECK_FAILED, true, orderId);
        }
        if (decision == null) {
            LogEvent.error(LOG, "proxy_access_undecided").with("order", orderId).log();
            return new Refuse(500, "ACCESS_CHECK_FAILED", ACCESS_CHECK_FAILED, true, orderId);
        }
        if (decision instanceof ProxyAccess.Refused refused) {
            LogEvent.debug(LOG, "proxy_refused").with("order", orderId).with("status", refused.status())
                    .with("reason", refused.reason()).log();
            return new Refuse(refused.status(), refused.reason(), "access to this order's app is refused", false,
                    orderId);
        }
        Entrance entrance = entrance(((ProxyAccess.Allowed) decision).entrance(), orderId);
        if (entrance == null) {
            return new Refuse(502, "BAD_ENTRANCE", "the order's entrance is not an http://host:port address", false,
                    orderId);
        }
        Forward forward = lastForward;
        if (forward == null || forward.target() != target || forward.entrance() != entrance) {
            forward = new Forward(target, entrance);
            lastForward = forward;
        }
        return forward;
    }

    /** The entrance of a URI, or null when it is not {@code http://host:port}. */
    private Entrance entrance(URI entranceUri, BigInteger orderId) {
        if (entranceUri != lastEntranceUri) {
            // The access check usually hands out the same URI object for an order: parse it once.
            try {
                lastEntrance = Entrance.of(entranceUri);
            } catch (IllegalArgumentException e) {
                LogEvent.warn(LOG, "proxy_bad_entrance").with("order", orderId).with("detail", e.getMessage()).log();
                return null;
            }
            lastEntranceUri = entranceUri;
        }
        return lastEntrance;
    }
}
