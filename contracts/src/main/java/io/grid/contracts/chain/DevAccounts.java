package io.grid.contracts.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * DEVELOPMENT ONLY. The accounts every Anvil/Hardhat node funds from the public test mnemonic
 * {@code test test … junk}. Their keys are published everywhere; never use them on a real chain.
 * Index {@code i} is derived at {@code m/44'/60'/0'/0/i}, the same account Anvil funds.
 */
public final class DevAccounts {

    /** The public development mnemonic Anvil uses by default. DEV ONLY, its keys are known to everyone. */
    public static final String DEV_ONLY_MNEMONIC = "test test test test test test test test test test test junk";

    private static final int HARDENED = 0x80000000;

    private DevAccounts() {
    }

    /**
     * The first {@code count} development accounts.
     *
     * @param count how many
     * @return their credentials, index 0 first
     */
    public static List<Credentials> derive(int count) {
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(DEV_ONLY_MNEMONIC, ""));
        List<Credentials> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, i};
            accounts.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path)));
        }
        return Collections.unmodifiableList(accounts);
    }
}
