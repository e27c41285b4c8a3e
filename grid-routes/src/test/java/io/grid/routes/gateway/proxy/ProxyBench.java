package io.grid.routes.gateway.proxy;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.core.cookie.CookieClaims;
import io.grid.core.cookie.CookieCodec;
import io.grid.routes.gateway.access.OrderProxyAccess;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.GatewaySchema;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.routes.gateway.tls.CertificatePair;
import io.grid.routes.gateway.tls.ServerTls;
import io.grid.routes.gateway.tls.TlsSettings;
import io.grid.routes.store.Transactions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The Java side of {@code bench/proxy.sh}, in two roles.
 *
 * <ul>
 *   <li>{@code proxy <port> <backend port> <I/O threads> <app port>}: the GRID proxy on loopback with the
 *       gateway's own access check ({@link OrderProxyAccess}: signed session tokens, checked against an
 *       in-memory Derby order store): order 1, active, has the fixed backend as its entrance, order 2 the
 *       {@code app} below. On start it prints {@code cookie <order> <token>}, a session token of each
 *       order's user (a key made for this run), for the bench's requests. It answers the standard-input commands {@code reset} and {@code peak}
 *       (prints {@code peak heap=<MiB> buffers=<MiB>}), sampling its own heap and Netty buffer use every
 *       10 ms from one to the other only, so the request-rate runs do not pay for the sampling; and
 *       {@code stats} (prints {@code stats allocated=<bytes> gcs=<count> gcmax=<ms>}: the bytes its live
 *       threads have allocated so far, its collections so far and the longest collection since the last
 *       {@code stats}), so the bench can show allocation per request and pauses per run. It stops when
 *       its standard input closes.</li>
 *   <li>{@code app <port>}: an {@link AppBackend} (body-digesting upload, {@code /download?bytes=N}) in its
 *       own JVM, so that its memory does not count as the proxy's; it stops when its standard input closes.</li>
 * </ul>
 */
public final class ProxyBench {

    private static final double MIB = 1024.0 * 1024.0;
    private static final Address BENCH_USER = Address.of("0x1111111111111111111111111111111111111111");
    private static final Address BENCH_PROVIDER = Address.of("0x3333333333333333333333333333333333333333");

    private ProxyBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("app")) {
            try (AppBackend app = new AppBackend(Integer.parseInt(args[1]))) {
                System.out.println("app ready on " + app.entrance());
                System.out.flush();
                awaitEndOfInput(null, null);
            }
            return;
        }
        if (args.length != 5 || !args[0].equals("proxy")) {
            throw new IllegalArgumentException(
                    "usage: proxy <port> <backend port> <I/O threads> <app port> | app <port>");
        }
        int proxyPort = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[3]);
        ProxyAccess access = realAccess(URI.create("http://127.0.0.1:" + Integer.parseInt(args[2])),
                URI.create("http://127.0.0.1:" + Integer.parseInt(args[4])));
        ProxySettings settings = ProxySettings.defaults("grid").withWorkerThreads(threads)
                .withResponseTimeout(Duration.ofSeconds(30));
        MemorySampler memory = new MemorySampler();
        GcWatch gc = new GcWatch();
        // With -Dgrid.bench.tls-port (and -certificate, -key: PEM files), the same proxy also serves HTTPS there.
        String tlsPort = System.getProperty("grid.bench.tls-port");
        ServerTls tls = tlsPort == null ? null : new ServerTls(TlsSettings.of(new CertificatePair(
                Path.of(System.getProperty("grid.bench.tls-certificate")),
                Path.of(System.getProperty("grid.bench.tls-key")))));
        try (ProxyServer proxy = new ProxyServer(settings, access);
             ProxyServer https = tls == null ? null : new ProxyServer(settings, access, Clock.systemUTC(), tls)) {
            proxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort));
            if (https != null) {
                https.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(tlsPort)));
                System.out.println("grid proxy serves https on " + https.port());
            }
            System.out.println("grid proxy ready on " + proxy.port() + " with " + threads + " I/O thread(s)");
            System.out.flush();
            awaitEndOfInput(memory, gc);
        } finally {
            memory.stop();
        }
    }

    /**
     * The gateway's access check over an in-memory order store holding two active orders of one user, with
     * {@code backend} and {@code app} as their entrances; prints a session token of that user for each.
     */
    private static ProxyAccess realAccess(URI backend, URI app) throws IOException {
        // Derby's log goes to a temporary file, not into the directory the bench runs in.
        Path derbyLog = Files.createTempFile("grid-proxy-bench-derby", ".log");
        derbyLog.toFile().deleteOnExit();
        System.setProperty("derby.stream.error.file", derbyLog.toString());
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:grid-proxy-bench");
        dataSource.setCreateDatabase("create");
        dataSource.setUser("GRID_GATEWAY");
        GatewaySchema.migrate(dataSource);
        LocalOrders orders = new LocalOrders(dataSource);
        Sessions sessions = new Sessions(new CookieCodec(CookieCodec.newKey(new SecureRandom())), "grid", false);
        Instant started = Instant.now();
        Instant expires = started.plus(Duration.ofDays(1));
        URI[] entrances = {backend, app};
        for (int i = 0; i < entrances.length; i++) {
            BigInteger id = BigInteger.valueOf(i + 1L);
            Order order = new Order(id, BENCH_USER, BENCH_PROVIDER, Resources.of(500, 256, 1),
                    Duration.ofDays(1).toSeconds(), BigInteger.TEN, OrderState.ACTIVE, started, started, null, false);
            Transactions.inTransaction(dataSource, c -> orders.insertAccepting(c, order, null));
            orders.recordChainState(id, OrderState.ACTIVE, started);
            orders.recordApp(id, "https://apps.test/bench.yaml", "order-" + id, entrances[i]);
            System.out.println("cookie " + id + " " + sessions.issue(new CookieClaims(BENCH_USER, id, expires)));
        }
        return new OrderProxyAccess(sessions, orders);
    }

    /** Blocks until standard input closes, answering the memory commands in between. */
    private static void awaitEndOfInput(MemorySampler memory, GcWatch gc) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            if (memory == null) {
                continue;
            }
            if (line.equals("reset")) {
                memory.reset();
            } else if (line.equals("peak")) {
                System.out.printf("peak heap=%.1f buffers=%.1f%n", memory.peakHeap() / MIB, memory.peakBuffers() / MIB);
                System.out.flush();
            } else if (line.equals("stats")) {
                System.out.printf("stats allocated=%d gcs=%d gcmax=%d%n", allocatedBytes(), gc.count(), gc.takeLongest());
                System.out.flush();
            }
        }
    }

    /** Bytes allocated so far by the live threads (the I/O threads live as long as the proxy). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(bytes, 0);
        }
        return total;
    }

    /** Counts the collections and keeps the longest one since it was last asked, from the JVM's GC notifications. */
    private static final class GcWatch {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong longest = new AtomicLong();

        GcWatch() {
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    count.incrementAndGet();
                    longest.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
                }, null, null);
            }
        }

        long count() {
            return count.get();
        }

        long takeLongest() {
            return longest.getAndSet(0);
        }
    }

    /** The highest heap use (JVM view, garbage included) and Netty buffer use seen since the last reset. */
    private static final class MemorySampler {
        private final MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        private final ByteBufAllocatorMetric buffers =
                ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        private final AtomicLong peakHeap = new AtomicLong();
        private final AtomicLong peakBuffers = new AtomicLong();
        /**
         * Sampling runs only from a reset to the next peak: between them the timer has no task at all, so
         * the request-rate runs share no CPU with a sampler waking up every 10 ms.
         */
        private ScheduledFuture<?> sampling;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-memory-sampler");
            thread.setDaemon(true);
            return thread;
        });

        private void sample() {
            peakHeap.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
            peakBuffers.accumulateAndGet(buffers.usedDirectMemory() + buffers.usedHeapMemory(), Math::max);
        }

        void reset() {
            stopSampling();
            // A full collection first, so the peak that follows belongs to the next transfer only.
            System.gc();
            peakHeap.set(0);
            peakBuffers.set(0);
            sampling = timer.scheduleAtFixedRate(this::sample, 0, 10, TimeUnit.MILLISECONDS);
        }

        long peakHeap() {
            stopSampling();
            return peakHeap.get();
        }

        private void stopSampling() {
            if (sampling != null) {
                sampling.cancel(false);
                sampling = null;
            }
        }

        long peakBuffers() {
            return peakBuffers.get();
        }

        void stop() {
            timer.shutdownNow();
        }
    }
}
