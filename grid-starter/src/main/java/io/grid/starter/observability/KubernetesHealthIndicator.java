package io.grid.starter.observability;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Whether the gateway's cluster answers: the API server's {@code /version}, within a short timeout, so that a
 * cluster that hangs makes the health check DOWN rather than slow. The version call needs no permission beyond
 * being authenticated, unlike listing namespaces.
 */
public class KubernetesHealthIndicator extends AbstractHealthIndicator {

    private final KubernetesClient client;
    private final Duration timeout;

    /**
     * @param client  the gateway's cluster
     * @param timeout how long the API server may take to answer
     */
    public KubernetesHealthIndicator(KubernetesClient client, Duration timeout) {
        super("the GRID Kubernetes health check failed");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("masterUrl", String.valueOf(client.getMasterUrl()));
        CompletableFuture<VersionInfo> answer = CompletableFuture.supplyAsync(client::getKubernetesVersion);
        try {
            VersionInfo version = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up();
            // Some API servers (and fabric8's mock) leave out parts of the version; report what there is.
            if (version != null && version.getGitVersion() != null) {
                builder.withDetail("version", version.getGitVersion());
            }
        } catch (TimeoutException e) {
            answer.cancel(true);
            builder.down().withDetail("error", "the Kubernetes API server did not answer within " + timeout);
        } catch (ExecutionException e) {
            builder.down().withDetail("error", "the Kubernetes API server cannot be reached: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().withDetail("error", "interrupted while asking the Kubernetes API server");
        }
    }
}
