package io.grid.routes.gateway.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One certificate the gateway serves: PEM files as a Kubernetes TLS Secret holds them.
 *
 * @param certificateChain PEM file with the server certificate first, then its intermediates
 * @param privateKey       PEM file with the certificate's private key, unencrypted PKCS#8
 *                         ({@code -----BEGIN PRIVATE KEY-----}), RSA or EC
 */
public record CertificatePair(Path certificateChain, Path privateKey) {

    public CertificatePair {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
