package io.grid.routes.chain;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A web3j HTTP service that counts JSON-RPC calls per method, and can fail chosen methods in transport as a node
 * that went away would.
 */
public class CountingHttpService extends HttpService {

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    public CountingHttpService(String url) {
        super(url);
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
        calls.computeIfAbsent(request.getMethod(), m -> new AtomicLong()).incrementAndGet();
        if (failing.contains(request.getMethod())) {
            throw new IOException("simulated transport failure of " + request.getMethod());
        }
        return super.send(request, responseType);
    }

    /** Makes {@code method} fail in transport until {@link #heal()}. */
    public void fail(String method) {
        failing.add(method);
    }

    public void heal() {
        failing.clear();
    }

    public long total() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long count(String method) {
        AtomicLong count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    public void reset() {
        calls.clear();
    }
}
