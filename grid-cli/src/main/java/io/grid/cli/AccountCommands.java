package io.grid.cli;

import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.api.CreditBalance;
import io.grid.client.ChainNode;
import io.grid.client.Chains;
import io.grid.client.GridClientException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grid account new | import | show | address | list}: the encrypted keystores that sign. */
@Command(name = "account", description = "Your accounts: encrypted keystores that sign for you.",
        subcommands = {AccountCommands.New.class, AccountCommands.Import.class, AccountCommands.Show.class,
                AccountCommands.AddressOnly.class, AccountCommands.ListAll.class})
final class AccountCommands {

    static boolean light(String kdf) {
        return switch (kdf) {
            case "light" -> true;
            case "standard" -> false;
            default -> throw new UsageProblem("--kdf is standard or light");
        };
    }

    @Command(name = "new", description = "Create a new key, encrypted with a password (asked, or GRID_KEY_PASSWORD).")
    static final class New extends GridCommand {
        @Option(names = "--kdf", defaultValue = "standard", paramLabel = "STRENGTH", description = "standard "
                + "(scrypt n=262144, the default) or light (n=4096: opens fast, for throwaway test accounts).")
        String kdf;

        @Override
        void run() {
            Grid grid = grid();
            String name = grid.accountName();
            Accounts accounts = grid.accounts();
            accounts.file(name);
            String password = grid.passwords().newPassword("New password for account '" + name + "': ");
            ECKeyPair key = Accounts.newKey();
            Path file = accounts.save(name, key, password, light(kdf));
            String address = Address.of(Credentials.create(key).getAddress()).value();
            out().data(Map.of("account", name, "address", address, "keystore", file.toString()));
            out().line("Account '" + name + "' is " + address + " (keystore " + file + ").");
            out().line("Keep the password: without it the key cannot be opened.");
        }
    }

    @Command(name = "import", description = "Import a key: from a keystore file, a file holding the hex key, "
            + "or (local development chain only) one of Anvil's public development accounts.")
    static final class Import extends GridCommand {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--keystore", paramLabel = "FILE", description = "A web3 keystore file (v3).")
            Path keystore;
            @Option(names = "--key-file", paramLabel = "FILE",
                    description = "A file holding the private key as hex (read, then encrypted into a keystore).")
            Path keyFile;
            @Option(names = "--dev-account", paramLabel = "N", description = "DEVELOPMENT ONLY: Anvil's publicly "
                    + "known account N (0-19); refused unless the platform's chain id is 31337.")
            Integer devAccount;
        }

        @Option(names = "--kdf", defaultValue = "standard", paramLabel = "STRENGTH", description = "standard "
                + "(the default) or light, for a key read from --key-file; dev accounts are always light.")
        String kdf;

        @Override
        void run() throws IOException {
            Grid grid = grid();
            String name = grid.accountName();
            Accounts accounts = grid.accounts();
            accounts.file(name);
            Path file;
            if (source.keystore != null) {
                String password = grid.passwords().password("Password of " + source.keystore + ": ");
                file = accounts.importKeystore(name, source.keystore, password);
            } else if (source.keyFile != null) {
                String hex = Files.readString(source.keyFile, StandardCharsets.US_ASCII).strip();
                ECKeyPair key;
                try {
                    key = ECKeyPair.create(Numeric.toBigInt(hex));
                } catch (RuntimeException e) {
                    throw new UsageProblem(source.keyFile + " does not hold a hex private key");
                }
                String password = grid.passwords().newPassword("New password for account '" + name + "': ");
                file = accounts.save(name, key, password, light(kdf));
            } else {
                ChainDescription chain = grid.chain();
                if (!Chains.isLocalDevelopmentChain(chain)) {
                    throw new UsageProblem("--dev-account is for the local development chain (id 31337) only; the "
                            + "platform's chain is " + chain.chainId() + ". Its keys are public: never use them "
                            + "elsewhere.");
                }
                String password = grid.passwords().newPassword("New password for account '" + name + "': ");
                // Light scrypt: the key is public anyway; the keystore only keeps the tool's habits the same.
                file = accounts.save(name, Accounts.devAccount(source.devAccount), password, true);
            }
            String address = accounts.address(name);
            out().data(Map.of("account", name, "address", address, "keystore", file.toString()));
            out().line("Account '" + name + "' is " + address + " (keystore " + file + ").");
            if (source.devAccount != null) {
                out().line("DEVELOPMENT ONLY: Anvil's account " + source.devAccount + "; its key is public.");
            }
        }
    }

    @Command(name = "show", description = "The account's address, tokens in its wallet and credits at the platform.")
    static final class Show extends GridCommand {
        @Override
        void run() {
            Grid grid = grid();
            String name = grid.accountName();
            Address address = Address.of(grid.accounts().address(name));
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("account", name);
            shown.put("address", address);
            out().line("account  " + name);
            out().line("address  " + address);
            try {
                ChainDescription chain = grid.chain();
                ChainDescription.Token token = chain.token();
                CreditBalance credits = grid.client().credits(address);
                try (ChainNode node = grid.chainNode()) {
                    BigInteger tokens = node.tokenBalance(token.address(), address);
                    shown.put("tokens", tokens);
                    out().line("wallet   " + Chains.format(token, tokens));
                }
                shown.put("credits", credits);
                out().line("credits  " + Chains.format(token, credits.available()) + " available, "
                        + Chains.format(token, credits.escrowed()) + " in escrow");
            } catch (GridClientException e) {
                out().line("(balances unknown: " + e.getMessage() + ")");
            }
            out().data(shown);
        }
    }

    @Command(name = "address", description = "Only the account's address, for scripts.")
    static final class AddressOnly extends GridCommand {
        @Override
        void run() {
            Grid grid = grid();
            String name = grid.accountName();
            String address = grid.accounts().address(name);
            out().data(Map.of("account", name, "address", address));
            out().line(address);
        }
    }

    @Command(name = "list", description = "Your accounts.")
    static final class ListAll extends GridCommand {
        @Override
        void run() {
            Accounts accounts = grid().accounts();
            List<List<String>> rows = accounts.names().stream().map(n -> List.of(n, accounts.address(n))).toList();
            out().data(rows.stream().map(r -> Map.of("account", r.get(0), "address", r.get(1))).toList());
            out().table(List.of("ACCOUNT", "ADDRESS"), rows);
        }
    }
}
