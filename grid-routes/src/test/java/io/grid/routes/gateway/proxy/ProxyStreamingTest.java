package io.grid.routes.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 50 MiB bodies cross the proxy byte for byte, while the proxy's buffers stay far below the body size
 * (a proxy that collected whole bodies would need at least 50 MiB).
 */
@ExtendWith(BufferLeakWatch.class)
class ProxyStreamingTest {

    private static final long SIZE = 50L << 20;
    private static final long MEMORY_BOUND = 24L << 20;

    private ProxyFixture fixture;
    private ScheduledExecutorService sampler;
    private final AtomicLong peakBytes = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        fixture = new ProxyFixture(ProxySettings.defaults(ProxyFixture.COOKIE).withMaxRequestBodyBytes(SIZE));
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakBytes.accumulateAndGet(
                metric.usedDirectMemory() + metric.usedHeapMemory(), Math::max), 0, 5, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        sampler.shutdownNow();
        fixture.close();
    }

    @Test
    void streamsA50MibUploadByteExactWithBoundedMemory() throws Exception {
        PatternBytes.Digest expected = PatternBytes.digest(PatternBytes.stream(SIZE));
        HttpRequest request = HttpRequest.newBuilder(fixture.uri("/orders/7/app/upload"))
                .header("Cookie", "grid=user-7")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> PatternBytes.stream(SIZE)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fixture.app.last().bodyBytes()).isEqualTo(SIZE);
        assertThat(fixture.app.last().bodySha256()).isEqualTo(expected.sha256());
        assertThat(peakBytes.get()).isLessThan(MEMORY_BOUND);
    }

    @Test
    void streamsA50MibDownloadByteExactWithBoundedMemory() throws Exception {
        PatternBytes.Digest expected = PatternBytes.digest(PatternBytes.stream(SIZE));
        HttpRequest request = HttpRequest.newBuilder(fixture.uri("/orders/7/app/download?bytes=" + SIZE))
                .header("Cookie", "grid=user-7")
                .build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        PatternBytes.Digest received = PatternBytes.digest(response.body());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received).isEqualTo(expected);
        assertThat(peakBytes.get()).isLessThan(MEMORY_BOUND);
    }
}
