package io.grid.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.contracts.chain.AnvilBinary;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnvilBinaryTest {

    private String configured;

    @BeforeEach
    void rememberConfiguredPath() {
        configured = System.getProperty(AnvilBinary.PATH_PROPERTY);
    }

    @AfterEach
    void restoreConfiguredPath() {
        if (configured == null) {
            System.clearProperty(AnvilBinary.PATH_PROPERTY);
        } else {
            System.setProperty(AnvilBinary.PATH_PROPERTY, configured);
        }
    }

    @Test
    void findsAnvilInstalledByNpmWithoutConfiguration() {
        System.clearProperty(AnvilBinary.PATH_PROPERTY);

        assertThat(Files.isExecutable(AnvilBinary.locate())).isTrue();
    }

    @Test
    void refusesAMissingConfiguredPathNamingWhereItCameFrom() {
        System.setProperty(AnvilBinary.PATH_PROPERTY, "/nonexistent/anvil");

        assertThatThrownBy(AnvilBinary::locate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Anvil not found at /nonexistent/anvil (from the system property grid.anvil.path)")
                .hasMessageNotContaining("contracts/");
    }
}
