package dev.pgguard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The real database pgguard connects to with the real credentials, which only pgguard knows.
 *
 * @param database    empty = the database the client asked for
 * @param password    empty = no password (trust or certificate authentication)
 * @param sslRootCert empty = the JVM trust store, for {@code verify-ca} and {@code verify-full}
 */
public record UpstreamConfig(String host, int port, Optional<String> database, String user,
                             Optional<Secret> password, SslMode sslMode, Optional<Path> sslRootCert,
                             Duration connectTimeout) {

    static final int DEFAULT_PORT = 5432;
    static final SslMode DEFAULT_SSL_MODE = SslMode.PREFER;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public UpstreamConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sslMode, "sslMode");
        Objects.requireNonNull(sslRootCert, "sslRootCert");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("upstream host must not be blank");
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("upstream user must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream port must be between 1 and 65535, got " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("upstream connectTimeout must be > 0, got " + connectTimeout);
        }
    }
}
