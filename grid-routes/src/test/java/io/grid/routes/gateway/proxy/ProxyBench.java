package io.grid.routes.gateway.proxy;

import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/**
 * The GRID side of {@code bench/proxy.sh}: the proxy on loopback in front of one fixed backend,
 * with an access check that admits the fixed cookie {@code grid=bench} for every order.
 * Runs until its standard input closes. Arguments: proxy port, backend port, I/O threads.
 */
public final class ProxyBench {

    private ProxyBench() {
    }

    public static void main(String[] args) throws IOException {
        int proxyPort = Integer.parseInt(args[0]);
        URI backend = URI.create("http://127.0.0.1:" + Integer.parseInt(args[1]));
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Decision allowed = Decision.allowed(backend);
        ProxyAccess access = (orderId, cookie, bearer, now) -> "bench".equals(cookie) ? allowed
                : Decision.invalidCookie();
        ProxySettings settings = ProxySettings.defaults("grid").withWorkerThreads(threads)
                .withResponseTimeout(Duration.ofSeconds(30));
        try (ProxyServer proxy = new ProxyServer(settings, access)) {
            proxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort));
            System.out.println("grid proxy ready on " + proxy.port());
            System.out.flush();
            // Blocks until the bench script closes our standard input (or the process is stopped).
            while (System.in.read() >= 0) {
                continue;
            }
        }
    }
}
