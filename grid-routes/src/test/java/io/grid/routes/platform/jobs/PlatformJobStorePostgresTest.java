package io.grid.routes.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grid.routes.platform.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quartz's clustered JDBC job store under camel-quartz: two schedulers (two Camel contexts, as two replicas) on
 * one PostgreSQL run each firing of a shared trigger exactly once, and when one replica stops the other keeps
 * firing it. Skipped on Derby, where the platform runs one node.
 */
class PlatformJobStorePostgresTest {

    @TempDir
    Path directory;

    private final List<DefaultCamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(DefaultCamelContext::stop);
    }

    @Test
    void eachFiringRunsOnExactlyOneOfTwoSchedulersAndASurvivorKeepsFiring() throws Exception {
        assumeTrue(TestDatabase.postgresUrl() != null, "needs PostgreSQL (-Dgrid.test.postgres)");
        DataSource dataSource = TestDatabase.empty(directory);
        Map<Date, List<String>> firings = new ConcurrentHashMap<>();
        DefaultCamelContext a = replica(dataSource, "a", firings);
        DefaultCamelContext b = replica(dataSource, "b", firings);

        Thread.sleep(4_000);
        a.stop();
        int beforeStop = firings.size();
        // The survivor fires again at once, or once Quartz's cluster check sees the stopped member gone (its
        // check-in interval plus Quartz's 7.5 s grace): polled up to a deadline, not slept for a guess.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (firings.size() <= beforeStop + 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(beforeStop).isGreaterThan(5);
        assertThat(firings.size()).as("the survivor keeps firing").isGreaterThan(beforeStop + 2);
        assertThat(firings.values()).allSatisfy(members -> assertThat(members).hasSize(1));
        assertThat(b.isStarted()).isTrue();
    }

    private DefaultCamelContext replica(DataSource dataSource, String member, Map<Date, List<String>> firings)
            throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        // Replicas share the Camel context name, as Spring Boot's default does: camel-quartz finds the context
        // of a firing by the name stored with the job.
        camel.getCamelContextExtension().setName("grid-platform");
        new PlatformJobStore(dataSource, member, Duration.ofSeconds(1))
                .applyTo(camel.getComponent("quartz", QuartzComponent.class));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("quartz://grid-platform/tick?trigger.repeatInterval=200&trigger.repeatCount=-1&stateful=true"
                        + "&deleteJob=false")
                        .routeId("tick")
                        .process(e -> firings.computeIfAbsent(e.getMessage().getHeader("scheduledFireTime",
                                Date.class), t -> new CopyOnWriteArrayList<>()).add(member));
            }
        });
        camel.start();
        contexts.add(camel);
        return camel;
    }
}
