package io.grid.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.core.log.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * GRID's log lines keep their key-values with Spring Boot's default console pattern and, with the README's
 * {@code logging.structured.format.console=ecs}, as JSON fields.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogStyleTest {

    @Configuration(proxyBeanMethods = false)
    static class Host {
    }

    /** Lets each start set logging up afresh (Spring Boot keeps a set-up for the JVM otherwise). */
    @BeforeEach
    @AfterEach
    void forgetTheLoggingSetUp() {
        LoggingSystem.get(getClass().getClassLoader()).cleanUp();
    }

    @Test
    @Order(1)
    void defaultPatternShowsTheEventAndItsKeyValues(CapturedOutput output) {
        try (ConfigurableApplicationContext host = start()) {
            LogEvent.info(LoggerFactory.getLogger("io.grid.test"), "order_created").with("order", 7)
                    .with("detail", "two words").log();
        }

        assertThat(output.getOut()).contains("event=order_created order=7 detail=\"two words\"");
    }

    @Test
    @Order(2)
    void structuredConsoleWritesTheKeyValuesAsJsonFields(CapturedOutput output) {
        try (ConfigurableApplicationContext host = start("logging.structured.format.console=ecs")) {
            LogEvent.info(LoggerFactory.getLogger("io.grid.test"), "order_created").with("order", 7).log();
        }

        assertThat(output.getOut()).contains("\"event\":\"order_created\"", "\"order\":7");
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(Host.class).web(WebApplicationType.NONE).properties(properties).run();
    }
}
