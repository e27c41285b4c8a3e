package io.grid.routes.gateway.proxy;

import io.grid.routes.gateway.proxy.ProxyAccess.Decision;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A proxy on loopback in front of a real {@link AppBackend}. Order 7 is deployed at the backend and
 * belongs to the holder of cookie {@code user-7}; other orders answer what {@link #decide} is told.
 */
final class ProxyFixture implements AutoCloseable {

    static final String COOKIE = "grid";
    static final String VALID = "user-7";
    static final String OTHER_USER = "user-8";

    final AppBackend app;
    final ProxyServer proxy;
    private final Map<BigInteger, Decision> decisions = new ConcurrentHashMap<>();
    volatile String lastCookie;
    volatile String lastBearer;

    ProxyFixture(ProxySettings settings) throws IOException {
        app = new AppBackend();
        proxy = new ProxyServer(settings, this::decide);
        proxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    ProxyFixture() throws IOException {
        this(ProxySettings.defaults(COOKIE));
    }

    /** Order {@code id} is answered with {@code decision} whatever the cookie. */
    void decide(long id, Decision decision) {
        decisions.put(BigInteger.valueOf(id), decision);
    }

    private Decision decide(BigInteger orderId, String cookie, String bearer, Instant now) {
        lastCookie = cookie;
        lastBearer = bearer;
        Decision fixed = decisions.get(orderId);
        if (fixed != null) {
            return fixed;
        }
        if (!orderId.equals(BigInteger.valueOf(7))) {
            return Decision.unknownOrder();
        }
        String credential = cookie != null ? cookie : bearer;
        if (credential == null) {
            return Decision.missingCookie();
        }
        if (credential.equals(OTHER_USER)) {
            return Decision.otherUser();
        }
        return credential.equals(VALID) ? Decision.allowed(app.entrance()) : Decision.invalidCookie();
    }

    int port() {
        return proxy.port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** A GET for order 7 with the valid cookie, plus {@code extraHeaders} (each ending in CRLF). */
    String get(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: gateway.test\r\nCookie: " + COOKIE + "=" + VALID + "\r\n"
                + extraHeaders + "\r\n";
    }

    @Override
    public void close() {
        proxy.close();
        app.close();
    }
}
