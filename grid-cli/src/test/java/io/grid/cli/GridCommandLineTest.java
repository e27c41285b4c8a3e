package io.grid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridCommandLineTest {

    @TempDir
    Path home;

    private Map<String, String> env() {
        return Map.of("GRID_HOME", home.toString(), "GRID_KEY_PASSWORD", "a test password",
                "GRID_PLATFORM", "http://127.0.0.1:" + closedPort());
    }

    @Test
    void listsItsCommandsInTheHelp() {
        CliRun run = CliRun.grid(env(), "--help");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("account", "chain", "providers", "provider", "pay", "credits", "withdraw",
                "quote", "order", "deploy", "app", "generate-completion");
    }

    @Test
    void generatesBashCompletion() {
        CliRun run = CliRun.grid(env(), "generate-completion");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("complete -F", "grid");
    }

    @Test
    void answersAMistypedCommandWithUsageExitCode() {
        CliRun run = CliRun.grid(env(), "order", "craete");

        assertThat(run.exitCode).isEqualTo(Failures.USAGE);
        assertThat(run.err).contains("craete");
    }

    @Test
    void createsAnEncryptedAccountReadableByTheOwnerOnly() throws IOException {
        CliRun created = CliRun.grid(env(), "account", "new", "--account", "alice");
        CliRun address = CliRun.grid(env(), "account", "address", "--account", "alice");

        assertThat(created.exitCode).as(created.toString()).isZero();
        assertThat(address.out.strip()).matches("0x[0-9a-f]{40}");
        Path keystore = home.resolve("accounts/alice.json");
        assertThat(Files.readString(keystore)).contains("\"crypto\"").contains("scrypt")
                .doesNotContain(address.out.strip().substring(2) + "\"privateKey");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
    }

    @Test
    void takesGlobalOptionsBeforeOrAfterTheCommand() {
        CliRun.grid(env(), "account", "new", "-a", "bob", "--kdf", "light");

        CliRun before = CliRun.grid(env(), "--json", "--account", "bob", "account", "address");
        CliRun after = CliRun.grid(env(), "account", "address", "--account", "bob", "--json");

        assertThat(before.out).contains("\"address\"").isEqualTo(after.out);
    }

    @Test
    void refusesToOverwriteAnAccount() {
        CliRun.grid(env(), "account", "new", "--kdf", "light");

        CliRun again = CliRun.grid(env(), "account", "new", "--kdf", "light");

        assertThat(again.exitCode).isEqualTo(Failures.ACCOUNT);
        assertThat(again.err).contains("exists already");
    }

    @Test
    void importsAKeyFromAFileNeverFromTheCommandLine() throws IOException {
        Path keyFile = Files.writeString(home.resolve("key.hex"),
                "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n");

        CliRun imported = CliRun.grid(env(), "account", "import", "--key-file", keyFile.toString(), "-a", "k", "--kdf", "light");

        assertThat(imported.exitCode).as(imported.toString()).isZero();
        assertThat(imported.out).contains("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    }

    @Test
    void saysTheAccountIsMissingWithItsOwnExitCode() {
        CliRun run = CliRun.grid(env(), "credits", "--account", "nobody");

        assertThat(run.exitCode).isEqualTo(Failures.ACCOUNT);
        assertThat(run.err).contains("no account 'nobody'");
    }

    @Test
    void aMissingAccountIsNamedWithHowToMakeOneByEveryAccountCommand() {
        for (String command : new String[] {"show", "address"}) {
            CliRun run = CliRun.grid(env(), "account", command, "--account", "nobody");

            assertThat(run.exitCode).as(run.toString()).isEqualTo(Failures.ACCOUNT);
            assertThat(run.err).contains("no account 'nobody'", "'grid account new --account nobody'",
                    "'grid account import'");
        }
    }

    @Test
    void saysThePlatformIsUnreachableWithItsOwnExitCode() {
        CliRun run = CliRun.grid(env(), "chain");

        assertThat(run.exitCode).isEqualTo(Failures.UNAVAILABLE);
        assertThat(run.err).contains("cannot connect");
    }

    @Test
    void refusesAWrongPassword() {
        CliRun.grid(env(), "account", "new", "--kdf", "light");
        Map<String, String> wrong = new java.util.HashMap<>(env());
        wrong.put("GRID_KEY_PASSWORD", "another password");

        CliRun run = CliRun.grid(wrong, "order", "cancel", "1");

        assertThat(run.exitCode).isEqualTo(Failures.ACCOUNT);
        assertThat(run.err).contains("password does not open");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
