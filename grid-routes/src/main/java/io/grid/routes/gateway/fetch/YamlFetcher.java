package io.grid.routes.gateway.fetch;

import io.grid.core.fetch.BoundedBody;
import io.grid.core.fetch.FetchLimits;
import io.grid.core.fetch.FetchRefusal;
import io.grid.core.fetch.FetchRefusedException;
import io.grid.core.fetch.FetchTarget;
import io.grid.core.fetch.UrlPolicy;
import io.grid.core.log.LogEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's I/O for fetching a user-given YAML URL without becoming a server-side request forgery
 * tool. Every URL, the first and each redirect's, is checked by the {@link UrlPolicy}; the connection
 * goes only to the addresses that policy checked (the HTTP client's name resolution is pinned to them,
 * so a DNS answer that changes between check and connect cannot redirect it, while TLS still verifies
 * the host name). Redirects are followed here, never by the client, up to {@link FetchLimits#maxRedirects()}.
 * The body is read with {@link BoundedBody}: the size cap holds whatever Content-Length says, and one
 * deadline covers connecting, every redirect and the whole body; when it passes, the connection is
 * closed under the reader, so a sender trickling headers or bytes cannot hold the gateway.
 *
 * <p>Every refusal is a {@link FetchRefusedException}; {@link FetchProblems} turns it into a problem.
 */
public class YamlFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(YamlFetcher.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String ACCEPT = "application/yaml, text/yaml, application/x-yaml, text/plain;q=0.5";

    /** Bounds the memory a response head can take; the client's defaults leave header lines unbounded. */
    private static final ManagedHttpClientConnectionFactory HEAD_LIMITED = ManagedHttpClientConnectionFactory.builder()
            .http1Config(Http1Config.custom()
                    .setMaxLineLength(8 * 1024)
                    .setMaxHeaderCount(100)
                    .setMaxEmptyLineCount(10)
                    .build())
            .build();

    private final UrlPolicy policy;
    private final FetchLimits limits;
    private final Duration connectTimeout;
    private final Clock clock;

    /**
     * @param policy decides which URLs and addresses may be fetched; {@link UrlPolicy#strict()} in production
     * @param limits size, total time, content types and redirects allowed
     * @param connectTimeout the longest one connection attempt may take (the total deadline still applies)
     * @param clock tells the time for the deadline
     */
    public YamlFetcher(UrlPolicy policy, FetchLimits limits, Duration connectTimeout, Clock clock) {
        if (policy == null || limits == null || clock == null) {
            throw new IllegalArgumentException("policy, limits and clock are required");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        this.policy = policy;
        this.limits = limits;
        this.connectTimeout = connectTimeout;
        this.clock = clock;
    }

    /**
     * Fetches {@code url}.
     *
     * @return the body and where it finally came from
     * @throws FetchRefusedException for a URL or address the policy refuses, too many redirects, a body
     *     too large, a fetch past the deadline, an unexpected content type, or an upstream that fails
     */
    public FetchedYaml fetch(String url) {
        Instant deadline = limits.deadlineFrom(clock.instant());
        FetchTarget target = policy.check(url);
        for (int followed = 0; ; followed++) {
            Answer answer = request(target, deadline);
            if (answer.body() != null) {
                LogEvent.info(LOG, "yaml_fetched").with("host", target.host())
                        .with("bytes", answer.body().body().length).with("redirects", followed).log();
                return answer.body();
            }
            limits.checkRedirect(followed);
            target = policy.checkRedirect(target, answer.location());
        }
    }

    /** One request: either a body or the location of a redirect. */
    private record Answer(FetchedYaml body, String location) {
    }

    private Answer request(FetchTarget target, Instant deadline) {
        Duration remaining = remaining(deadline);
        Timeout wholeRest = Timeout.ofMilliseconds(Math.max(1, remaining.toMillis()));
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckedAddresses(target))
                .setConnectionFactory(HEAD_LIMITED)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(min(connectTimeout, remaining)))
                        .setSocketTimeout(wholeRest)
                        .build())
                .build();
        // The total deadline: closing the connections under a blocked read ends it, however the
        // sender trickles (a socket timeout alone restarts with every byte).
        AtomicBoolean expired = new AtomicBoolean();
        Runnable expire = () -> {
            // Marked before closing, so the reader that the close wakes up knows why it failed.
            expired.set(true);
            connections.close(CloseMode.IMMEDIATE);
        };
        CompletableFuture<Void> guard = CompletableFuture.runAsync(expire,
                CompletableFuture.delayedExecutor(wholeRest.toMilliseconds(), TimeUnit.MILLISECONDS, Runnable::run));
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                // No Accept-Encoding: the cap then counts the bytes the parser gets, not compressed ones.
                .disableContentCompression()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(wholeRest)
                        .setResponseTimeout(wholeRest)
                        .build())
                .build();
        try {
            HttpGet get = new HttpGet(target.uri());
            get.setHeader(HttpHeaders.ACCEPT, ACCEPT);
            // The response is deliberately not closed: that would read the rest of its body (an endless
            // one until the deadline) to keep the connection for reuse. Connections are never reused
            // here, so they are closed outright below instead.
            ClassicHttpResponse response = client.executeOpen(null, get, null);
            return answer(target, response, deadline);
        } catch (IOException failure) {
            throw upstreamFailure(target, deadline, expired.get(), failure);
        } finally {
            guard.cancel(false);
            connections.close(CloseMode.IMMEDIATE);
            client.close(CloseMode.IMMEDIATE);
        }
    }

    private Answer answer(FetchTarget target, ClassicHttpResponse response, Instant deadline) throws IOException {
        int status = response.getCode();
        if (REDIRECTS.contains(status)) {
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            if (location == null) {
                throw new FetchRefusedException(FetchRefusal.UPSTREAM_FAILED,
                        target.host() + " answered " + status + " without a Location");
            }
            return new Answer(null, location.getValue());
        }
        if (status != 200) {
            throw new FetchRefusedException(FetchRefusal.UPSTREAM_FAILED,
                    target.host() + " answered " + status + " instead of 200");
        }
        Header contentType = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        String type = contentType == null ? null : contentType.getValue();
        limits.checkContentType(type);
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Answer(new FetchedYaml(target.uri(), type, new byte[0]), null);
        }
        limits.checkContentLength(entity.getContentLength());
        byte[] body = BoundedBody.read(entity.getContent(), limits.maxBytes(), deadline, clock);
        return new Answer(new FetchedYaml(target.uri(), type, body), null);
    }

    private FetchRefusedException upstreamFailure(FetchTarget target, Instant deadline, boolean guardFired,
            Exception failure) {
        if (guardFired || !clock.instant().isBefore(deadline) || failure instanceof SocketTimeoutException
                || failure instanceof InterruptedIOException && !(failure instanceof ConnectTimeoutException)) {
            return new FetchRefusedException(FetchRefusal.TOO_SLOW,
                    "fetching from " + target.host() + " took longer than " + limits.timeout().toMillis() + " ms");
        }
        String what;
        if (failure instanceof ConnectTimeoutException) {
            what = "did not accept a connection in time";
        } else if (failure instanceof HttpHostConnectException || failure instanceof ConnectException
                || failure instanceof NoRouteToHostException) {
            what = "refused the connection";
        } else {
            what = "broke the HTTP exchange (" + failure.getClass().getSimpleName() + ")";
        }
        LogEvent.info(LOG, "yaml_fetch_failed").with("host", target.host()).with("failure", failure).log();
        return new FetchRefusedException(FetchRefusal.UPSTREAM_FAILED, target.host() + " " + what);
    }

    private Duration remaining(Instant deadline) {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            throw new FetchRefusedException(FetchRefusal.TOO_SLOW,
                    "the fetch took longer than " + limits.timeout().toMillis() + " ms");
        }
        return remaining;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The HTTP client's only name resolution: the checked host resolves to the addresses the policy
     * checked and nothing else resolves at all, so the client cannot ask DNS a second time.
     */
    private static final class CheckedAddresses implements DnsResolver {

        private final FetchTarget target;

        CheckedAddresses(FetchTarget target) {
            this.target = target;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (!sameHost(host)) {
                throw new UnknownHostException(host + " is not the checked host " + target.host());
            }
            return target.addresses().toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            if (!sameHost(host)) {
                throw new UnknownHostException(host + " is not the checked host " + target.host());
            }
            return target.host();
        }

        private boolean sameHost(String host) {
            String plain = host.toLowerCase(Locale.ROOT);
            if (plain.startsWith("[") && plain.endsWith("]")) {
                plain = plain.substring(1, plain.length() - 1);
            }
            if (plain.endsWith(".")) {
                plain = plain.substring(0, plain.length() - 1);
            }
            return plain.equals(target.host());
        }
    }
}
