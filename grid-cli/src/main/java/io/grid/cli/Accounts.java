package io.grid.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.client.KeySigner;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.CipherException;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;

/**
 * The user's accounts: one encrypted web3 keystore file (version 3) per name under {@code GRID_HOME/accounts},
 * readable by the owner only. Keys are created here or imported from a keystore or a key file, never read from
 * the command line.
 */
final class Accounts {

    /**
     * DEVELOPMENT ONLY: the public mnemonic every Anvil and Hardhat node funds its accounts from. Its keys are
     * known to everyone; {@code --dev-account} refuses any chain but the local development chain id 31337.
     */
    static final String DEV_ONLY_MNEMONIC = "test test test test test test test test test test test junk";
    private static final int HARDENED = 0x80000000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    Accounts(Path home) {
        this.dir = home.resolve("accounts");
    }

    Path file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new UsageProblem("account names are letters, digits, '.', '_' and '-': " + name);
        }
        return dir.resolve(name + ".json");
    }

    boolean exists(String name) {
        return Files.exists(file(name));
    }

    /** Opens the account's keystore with a password from {@code passwords}. */
    KeySigner open(String name, Passwords passwords) {
        Path file = file(name);
        if (!Files.exists(file)) {
            throw new AccountProblem("no account '" + name + "' (" + file + "): create one with 'grid account new"
                    + (name.equals("default") ? "" : " --account " + name) + "' or 'grid account import'");
        }
        try {
            return KeySigner.fromKeystore(file, passwords.password("Password of account '" + name + "': "));
        } catch (IOException e) {
            throw new AccountProblem(e.getMessage());
        }
    }

    /**
     * Encrypts {@code key} with {@code password} into the account's keystore file; refuses to overwrite.
     *
     * @param light scrypt with n = 4096 (fast to open, weaker against guessing) instead of web3's standard
     *              n = 262144
     */
    Path save(String name, ECKeyPair key, String password, boolean light) {
        Path file = file(name);
        try {
            WalletFile wallet = light ? Wallet.createLight(password, key) : Wallet.createStandard(password, key);
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            byte[] bytes = JSON.writeValueAsBytes(wallet);
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            restrict(file, "rw-------");
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new AccountProblem("account '" + name + "' exists already (" + file + "); choose another "
                    + "--account name");
        } catch (CipherException | IOException e) {
            throw new AccountProblem("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Copies an existing keystore file in after checking that {@code password} opens it. */
    Path importKeystore(String name, Path source, String password) {
        try {
            KeySigner.fromKeystore(source, password);
            Path file = file(name);
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            Files.copy(source, file);
            restrict(file, "rw-------");
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new AccountProblem("account '" + name + "' exists already; choose another --account name");
        } catch (IOException e) {
            throw new AccountProblem(e.getMessage());
        }
    }

    /** @return the names of the accounts, sorted */
    List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - ".json".length())));
            return names;
        } catch (IOException e) {
            throw new AccountProblem("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** @return the address recorded in the account's keystore (no password needed) */
    String address(String name) {
        if (!exists(name)) {
            throw new AccountProblem("no account '" + name + "': create one with 'grid account new"
                    + (name.equals("default") ? "" : " --account " + name) + "' or 'grid account import'");
        }
        try {
            WalletFile wallet = JSON.readValue(file(name).toFile(), WalletFile.class);
            return "0x" + wallet.getAddress().toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", "");
        } catch (IOException e) {
            throw new AccountProblem("cannot read account '" + name + "': " + e.getMessage());
        }
    }

    /** DEVELOPMENT ONLY: the key of Anvil's publicly known development account {@code index}. */
    static ECKeyPair devAccount(int index) {
        if (index < 0 || index > 19) {
            throw new UsageProblem("Anvil's development accounts are numbered 0 to 19");
        }
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(DEV_ONLY_MNEMONIC, ""));
        return Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index});
    }

    static ECKeyPair newKey() {
        try {
            return Keys.createEcKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no secure random source for a new key", e);
        }
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults apply
        }
    }

    /** The account cannot be opened or written as asked. */
    static final class AccountProblem extends RuntimeException {
        AccountProblem(String message) {
            super(message);
        }
    }
}
