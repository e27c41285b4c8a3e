package io.grid.routes.chain;

import org.web3j.protocol.core.Response;

/**
 * The one place where a JSON-RPC call to the chain node that fails becomes a {@link ChainUnavailableException}:
 * the caller keeps its work and retries later (a job's next pass), or answers 503 at the edge.
 */
public final class ChainRpc {

    private ChainRpc() {
    }

    /** A call to the node (a web3j request's {@code send()}, a contract wrapper's call) that may fail in transport. */
    @FunctionalInterface
    public interface Call<T> {
        T send() throws Exception;
    }

    /**
     * The answer of {@code call}.
     *
     * @param what names the call in the exception's message, e.g. {@code eth_getLogs} or {@code getOrder}
     * @throws ChainUnavailableException when the call failed with a checked exception (transport, decoding);
     *                                   runtime exceptions pass unchanged
     */
    public static <T> T call(Call<T> call, String what) {
        try {
            return call.send();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ChainUnavailableException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code response} itself.
     *
     * @throws ChainUnavailableException when the node answered with a JSON-RPC error
     */
    public static <T extends Response<?>> T answered(T response, String what) {
        if (response.hasError()) {
            throw new ChainUnavailableException(what + " answered an error: " + response.getError().getMessage(),
                    null);
        }
        return response;
    }
}
