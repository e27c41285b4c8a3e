package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Problem;
import io.grid.contracts.chain.LoopbackPorts;
import io.grid.routes.outbox.OutboxSettings;
import io.grid.routes.http.Problems;
import io.grid.routes.platform.PlatformAssembly;
import io.grid.routes.platform.PlatformSettings;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What a host application meets first: shared beans, settings from properties, messages naming working keys. */
class GridEmbeddingAutoConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class, GridChainAutoConfiguration.class,
                    GridKubernetesAutoConfiguration.class, GridPlatformAutoConfiguration.class,
                    GridGatewayAutoConfiguration.class));

    /** The host's own exception, mapped on the shared Problems bean. */
    static final class AcmeQuotaExceeded extends RuntimeException {
    }

    @Test
    void theProblemsBeanIsThePlatformsAndTakesSettingsFromProperties() {
        runner.withPropertyValues("grid.platform.enabled=true", "grid.chain.local.enabled=true",
                        "grid.http.port=" + LoopbackPorts.free(), "grid.platform.relay-gas-limit=3000000",
                        "grid.platform.relay-wait=45s", "grid.chain.outbox.stall-after=10m",
                        "grid.chain.max-block-range=500",
                        "grid.datasource.url=jdbc:derby:" + dir.resolve("platform") + ";create=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Problems problems = context.getBean(Problems.class);
                    problems.register(AcmeQuotaExceeded.class, e -> Problem.of(429, "Quota exceeded",
                            "ACME_QUOTA", "the host's quota is used up"));

                    PlatformAssembly platform = context.getBean(PlatformAssembly.class);
                    assertThat(platform.problems()).isSameAs(problems);
                    assertThat(platform.problems().problemFor(new AcmeQuotaExceeded(), "exchange-1").reason())
                            .isEqualTo("ACME_QUOTA");
                    PlatformSettings settings = context.getBean(PlatformSettings.class);
                    assertThat(settings.relayGasLimit()).isEqualTo(BigInteger.valueOf(3_000_000));
                    assertThat(settings.relayWait()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(settings.confirmations().maxBlockRange()).isEqualTo(500);
                    OutboxSettings outbox = settings.outbox();
                    assertThat(outbox.stallAfter()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(outbox.resendAfter()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void aMissingAnvilIsReportedWithTheKeyThatWorks() {
        runner.withPropertyValues("grid.platform.enabled=true", "grid.chain.local.enabled=true",
                        "grid.chain.local.anvil=" + dir.resolve("no-anvil-here"),
                        "grid.datasource.url=jdbc:derby:memory:grid-no-anvil;create=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("grid.chain.local.anvil is " + dir.resolve("no-anvil-here"))
                            .hasMessageContaining("npm install @foundry-rs/anvil-linux-amd64@1.7.1")
                            .hasMessageNotContaining("grid.anvil.path").hasMessageNotContaining("contracts/");
                });
    }

    @Test
    void derbyIsOptionalAndItsAbsenceIsNamed() {
        runner.withClassLoader(new FilteredClassLoader("org.apache.derby"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("grid.datasource.url is an embedded Derby database")
                            .hasMessageContaining("org.apache.derby:derby");
                });
    }

    @Test
    void aHostDataSourceNeedsNoDerby() {
        runner.withClassLoader(new FilteredClassLoader("org.apache.derby"))
                .withBean(DataSource.class, () -> new org.springframework.jdbc.datasource.SimpleDriverDataSource())
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(DataSource.class));
    }

    @Test
    void theSimulatedClusterNeedsItsModuleAndSaysSo() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GridAutoConfiguration.class,
                        GridKubernetesAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.grid.simulated"))
                .withPropertyValues("grid.gateway.enabled=true", "grid.kubernetes.simulated=true",
                        "grid.datasource.url=jdbc:derby:memory:grid-no-sim;create=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("grid.kubernetes.simulated=true needs")
                            .hasMessageContaining("io.grid:grid-simulated");
                });
    }
}
