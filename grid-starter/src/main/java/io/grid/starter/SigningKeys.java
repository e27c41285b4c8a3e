package io.grid.starter;

import io.grid.contracts.chain.LocalChain;
import io.grid.core.log.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.web3j.crypto.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * Loads the signing key of the platform or of a provider from an encrypted web3 keystore file whose password
 * comes from an environment variable. Keys never come from a request, a URL or a default in code; only a
 * managed local development chain lends its publicly known development accounts.
 */
final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    static Credentials load(String role, String keyFileProperty, Path keystore, String passwordEnv,
                            ObjectProvider<LocalChain> localChain, Function<LocalChain, Credentials> developmentAccount) {
        if (keystore == null) {
            LocalChain chain = localChain.getIfAvailable();
            if (chain == null) {
                throw new IllegalStateException("no " + role + " key: set " + keyFileProperty + " to a web3 keystore "
                        + "file and put its password in the environment variable " + passwordEnv
                        + " (or set grid.chain.local.enabled=true to use a local development chain and its keys)");
            }
            Credentials dev = developmentAccount.apply(chain);
            LogEvent.warn(LOG, "development_key").with("role", role).with("address", dev.getAddress())
                    .with("note", "publicly known key of the local chain").log();
            return dev;
        }
        String password = System.getenv(passwordEnv);
        if (password == null) {
            throw new IllegalStateException("the " + role + " keystore " + keystore
                    + " needs its password in the environment variable " + passwordEnv);
        }
        if (!Files.isReadable(keystore)) {
            throw new IllegalStateException("the " + role + " keystore " + keystore + " cannot be read");
        }
        try {
            return WalletUtils.loadCredentials(password, keystore.toFile());
        } catch (IOException | CipherException e) {
            throw new IllegalStateException("the " + role + " keystore " + keystore + " could not be opened: "
                    + e.getMessage(), e);
        }
    }
}
