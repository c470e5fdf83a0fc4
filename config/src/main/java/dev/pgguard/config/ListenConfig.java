package dev.pgguard.config;

import java.util.Objects;

/** Where clients (agents) connect. Port 0 asks the OS for any free port (tests). */
public record ListenConfig(String host, int port) {

    static final ListenConfig DEFAULT = new ListenConfig("127.0.0.1", 6432);

    public ListenConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("listen host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port must be between 0 and 65535, got " + port);
        }
    }
}
