package io.grid.routes.gateway;

import io.grid.api.Resources;
import io.grid.bench.BenchReport;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.web3j.crypto.Credentials;

/**
 * Deploy latency on the gateway ({@link TestGateway}: Anvil, Derby, the simulated cluster, the reverse proxy):
 * from the greet 2 sign-in request to the first 200 answer of the order's app through the proxy, with the
 * deploy ({@code POST /gateway/deploy} of a YAML URL) in between. One fresh order per sample, orders created
 * beforehand. Arguments: the number of samples (5, at most 14: one dev user each).
 */
public final class DeployLatencyBench {

    private static final long DURATION = 3_600;
    private static final Duration REACH_DEADLINE = Duration.ofSeconds(60);

    private DeployLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Math.min(14, Integer.parseInt(args[0])) : 5;
        Path directory = Files.createTempDirectory("grid-bench-gateway");
        int exit = 0;
        try (TestGateway gateway = TestGateway.start(directory, Resources.of(64_000, 131_072, 1_000))) {
            String yaml = gateway.serveYaml("app.yaml", Apps.webApp("web"));
            double[] signInToReachable = new double[samples];
            double[] deployAnswer = new double[samples];
            for (int i = 0; i < samples; i++) {
                Credentials user = gateway.chain().user(i + 1);
                BigInteger order = gateway.createOrder(user, gateway.provider(), TestGateway.SMALL, DURATION);
                require(gateway.greet(0, order), "greet 0");
                require(gateway.greet(1, order), "greet 1");
                String text = gateway.message(user, order, gateway.nonce(order), gateway.domain()).text();
                String signature = TestGateway.sign(user, text);

                long start = System.nanoTime();
                HttpResponse<String> signedIn = gateway.greetSignIn(order, text, signature);
                require(signedIn, "greet 2");
                String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                require(gateway.deploy(TestGateway.deployUrl(order, yaml), "Cookie", cookie), "deploy");
                deployAnswer[i] = BenchReport.millisSince(start);
                Instant deadline = Instant.now().plus(REACH_DEADLINE);
                // Each attempt is a full HTTP round trip through the proxy, which paces the loop.
                while (gateway.throughProxy(order, "/hello", "Cookie", cookie).statusCode() != 200) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("order " + order + "'s app not reachable within "
                                + REACH_DEADLINE);
                    }
                }
                signInToReachable[i] = BenchReport.millisSince(start);
                BenchReport.progress("sample %d: deploy answered after %.1f ms, app reachable after %.1f ms", i + 1,
                        deployAnswer[i], signInToReachable[i]);
            }
            BenchReport.row("gateway", "deploy latency greet 2 -> app via proxy (ms)",
                    BenchReport.decimal(BenchReport.quantile(signInToReachable, 0.5)), String.format(Locale.ROOT,
                            "p50 of %d samples, max %.1f ms (first, cold JVM: %.1f ms); deploy answered at p50 %.1f ms"
                                    + " (simulated cluster)", samples, BenchReport.quantile(signInToReachable, 1),
                            signInToReachable[0],
                            BenchReport.quantile(deployAnswer, 0.5)));
        } catch (RuntimeException e) {
            System.err.println("deploy latency bench failed: " + e);
            exit = 1;
        }
        System.exit(exit); // Camel's, web3j's and Derby's threads would otherwise keep the JVM alive
    }

    private static void require(HttpResponse<String> answer, String what) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}
