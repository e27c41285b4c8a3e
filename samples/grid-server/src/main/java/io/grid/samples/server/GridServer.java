package io.grid.samples.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone GRID server: the platform, the gateway, or both ({@code grid.platform.enabled},
 * {@code grid.gateway.enabled}), configured by {@code application.yml} defaults and a provider's
 * {@code config.toml}. With {@code --demo} it plays the whole marketplace against itself and exits; standard output
 * then tells only the marketplace story, while the logs go to {@value #DEMO_LOG} (any property given overrides this).
 */
@SpringBootApplication
public class GridServer {

    /** Where the demo's logs go. */
    static final String DEMO_LOG = ".grid/demo.log";

    /** The demo's logging: every line into {@link #DEMO_LOG}, none on the console, no colour codes. */
    static final Map<String, Object> DEMO_LOGGING = Map.of(
            "logging.file.name", DEMO_LOG,
            "logging.threshold.console", "OFF",
            "spring.output.ansi.enabled", "never");

    public static void main(String[] args) {
        boolean demo = Arrays.asList(args).contains("--demo");
        String[] springArgs = Arrays.stream(args).filter(a -> !a.equals("--demo")).toArray(String[]::new);
        if (demo) {
            System.out.println("GRID demo: starting the server (logs in " + DEMO_LOG + ")");
        }
        ConfigurableApplicationContext context = start(demo ? DEMO_LOGGING : Map.of(), springArgs);
        if (demo) {
            int exit;
            try {
                exit = context.getBean(MarketplaceDemo.class).play() ? 0 : 1;
            } finally {
                context.close();
            }
            System.exit(exit);
        }
    }

    /** Starts the server; the local chain's databases are wiped first, since the chain is new each start. */
    public static ConfigurableApplicationContext start(String... args) {
        return start(Map.of(), args);
    }

    /** Starts the server with {@code defaults} below every other property source. */
    static ConfigurableApplicationContext start(Map<String, Object> defaults, String... args) {
        SpringApplication application = new SpringApplication(GridServer.class);
        application.setDefaultProperties(defaults);
        application.addListeners(new LocalStateReset());
        return application.run(args);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
