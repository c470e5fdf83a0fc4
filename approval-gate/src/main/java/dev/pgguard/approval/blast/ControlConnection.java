package dev.pgguard.approval.blast;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How pgguard's own control connections reach the guarded PostgreSQL: the upstream's address and credentials,
 * built from the upstream configuration. The database is chosen per measurement.
 *
 * @param password       in plain text; never printed ({@link #toString()} masks it)
 * @param sslMode        pgjdbc's {@code sslmode}: {@code disable}, {@code allow}, {@code prefer}, {@code require},
 *                       {@code verify-ca} or {@code verify-full}
 * @param sslRootCert    the CA certificate(s) for {@code verify-ca} and {@code verify-full}; empty: pgjdbc's
 *                       default ({@code ~/.postgresql/root.crt})
 * @param connectTimeout how long opening one connection may take (pgjdbc counts whole seconds: rounded up)
 */
public record ControlConnection(String host, int port, String user, Optional<String> password, String sslMode,
                                Optional<Path> sslRootCert, Duration connectTimeout) {

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    public ControlConnection {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(sslRootCert, "sslRootCert");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("sslMode must be one of " + SSL_MODES + ", not " + sslMode);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, not " + connectTimeout);
        }
    }

    /** The record's default would print the password; this one says only whether there is one. */
    @Override
    public String toString() {
        return "ControlConnection[host=" + host + ", port=" + port + ", user=" + user
                + ", password=" + (password.isPresent() ? "****" : "none") + ", sslMode=" + sslMode
                + ", sslRootCert=" + sslRootCert.map(Path::toString).orElse("default")
                + ", connectTimeout=" + connectTimeout + "]";
    }
}
