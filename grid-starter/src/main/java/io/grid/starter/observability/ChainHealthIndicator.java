package io.grid.starter.observability;

import io.grid.routes.chain.ChainHealth;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Whether GRID can reach its chain: the node answers {@code eth_blockNumber} and {@code eth_chainId} within the
 * timeout, the chain id is the configured one, and every transaction outbox (platform, gateway) last reached the
 * node. DOWN, with the reason in the details, when any of these fails.
 */
public class ChainHealthIndicator extends AbstractHealthIndicator {

    private final Web3j web3j;
    private final long expectedChainId;
    private final Map<String, Supplier<ChainHealth>> outboxes;
    private final Duration timeout;

    /**
     * @param web3j           the chain node
     * @param expectedChainId the chain id GRID's contracts were configured for
     * @param outboxes        the outboxes to report, by name (for example {@code platformOutbox})
     * @param timeout         how long each call to the node may take
     */
    public ChainHealthIndicator(Web3j web3j, long expectedChainId, Map<String, Supplier<ChainHealth>> outboxes,
                                Duration timeout) {
        super("the GRID chain health check failed");
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.expectedChainId = expectedChainId;
        this.outboxes = Map.copyOf(outboxes);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean up = node(builder);
        for (Map.Entry<String, Supplier<ChainHealth>> outbox : outboxes.entrySet()) {
            ChainHealth health = outbox.getValue().get();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", health.status().name());
            details.put("consecutiveFailures", health.consecutiveFailures());
            if (health.lastError() != null) {
                details.put("lastError", health.lastError());
            }
            if (health.lastContact() != null) {
                details.put("lastContact", health.lastContact().toString());
            }
            builder.withDetail(outbox.getKey(), details);
            up &= health.status() == ChainHealth.Status.UP;
        }
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }

    /** Asks the node; true when it answered both calls with the expected chain id. */
    private boolean node(Health.Builder builder) {
        BigInteger block;
        BigInteger chainId;
        try {
            block = call(web3j.ethBlockNumber()).getBlockNumber();
            chainId = call(web3j.ethChainId()).getChainId();
        } catch (NodeUnreachable e) {
            builder.withDetail("error", e.getMessage());
            return false;
        }
        builder.withDetail("blockNumber", block.toString()).withDetail("chainId", chainId.longValue());
        if (chainId.longValue() != expectedChainId || chainId.bitLength() > 63) {
            builder.withDetail("error", "the chain node reports chain id " + chainId + " but GRID is configured for "
                    + expectedChainId);
            return false;
        }
        return true;
    }

    private <T extends Response<?>> T call(Request<?, T> request) {
        String method = request.getMethod();
        T response;
        try {
            response = request.sendAsync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NodeUnreachable("the chain node did not answer " + method + " within " + timeout);
        } catch (ExecutionException e) {
            throw new NodeUnreachable("the chain node cannot be reached (" + method + "): " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnreachable("interrupted while asking the chain node " + method);
        }
        if (response.hasError()) {
            throw new NodeUnreachable(method + " answered an error: " + response.getError().getMessage());
        }
        return response;
    }

    /** The node did not answer usefully; the message says why. */
    private static final class NodeUnreachable extends RuntimeException {
        NodeUnreachable(String message) {
            super(message);
        }
    }
}
