package io.grid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

class AccountsTest {

    @Test
    void derivesAnvilsPublicDevelopmentAccounts() {
        assertThat(Credentials.create(Accounts.devAccount(0)).getAddress())
                .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThat(Credentials.create(Accounts.devAccount(2)).getAddress())
                .isEqualTo("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    }

    @Test
    void refusesAccountNamesThatCouldLeaveItsDirectory(@TempDir Path home) {
        assertThatThrownBy(() -> new Accounts(home).file("../x")).isInstanceOf(UsageProblem.class);
    }

    @Test
    void opensWhatItSaved(@TempDir Path home) {
        Accounts accounts = new Accounts(home);
        accounts.save("dev", Accounts.devAccount(1), "pw", true);

        assertThat(accounts.open("dev", Passwords.fromConsole(java.util.Map.of(Passwords.ENV, "pw"))).address().value())
                .isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        assertThat(accounts.address("dev")).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        assertThat(accounts.names()).containsExactly("dev");
    }
}
