package dev.pgguard.config;

import java.util.Objects;

/** Where the admin HTTP API listens; loopback by default because it approves statements. Port 0 = any free port. */
public record AdminConfig(String host, int port) {

    static final AdminConfig DEFAULT = new AdminConfig("127.0.0.1", 6433);

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("admin host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin port must be between 0 and 65535, got " + port);
        }
    }
}
