package io.grid.routes.gateway.tls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway serves TLS, on its API and on its reverse proxy.
 *
 * @param certificates   the certificates to serve, at least one. The client's SNI host name picks the certificate
 *                       whose DNS names (subject alternative names, {@code *.} wildcards included) match it; a
 *                       client without SNI, or a name no certificate matches, gets the first
 * @param reloadInterval how often the files are read again; a changed certificate serves the next handshakes,
 *                       while open connections keep theirs
 * @param hstsMaxAge     when set, API responses carry {@code Strict-Transport-Security: max-age=…}; null for none
 * @param hstsIncludeSubDomains whether that header adds {@code includeSubDomains} (covers per-order app hosts)
 */
public record TlsSettings(List<CertificatePair> certificates, Duration reloadInterval, Duration hstsMaxAge,
                          boolean hstsIncludeSubDomains) {

    public TlsSettings {
        certificates = List.copyOf(Objects.requireNonNull(certificates, "certificates"));
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("TLS needs at least one certificate");
        }
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval must be positive");
        }
        if (hstsMaxAge != null && hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("hstsMaxAge must not be negative");
        }
    }

    /** One certificate, checked for changes every 10 seconds, no HSTS. */
    public static TlsSettings of(CertificatePair certificate) {
        return new TlsSettings(List.of(certificate), Duration.ofSeconds(10), null, false);
    }

    /** The {@code Strict-Transport-Security} value, or null when HSTS is off. */
    public String strictTransportSecurity() {
        if (hstsMaxAge == null) {
            return null;
        }
        return "max-age=" + hstsMaxAge.toSeconds() + (hstsIncludeSubDomains ? "; includeSubDomains" : "");
    }
}
