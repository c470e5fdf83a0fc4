package dev.pgguard.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How pgguard secures its connection to the upstream database; same names and meaning as libpq's sslmode. */
public enum SslMode {
    DISABLE, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    /** The libpq spelling used in YAML, {@code verify-ca}: also pgjdbc's sslmode value. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Case-sensitive, as libpq is. */
    static SslMode fromYaml(String text) {
        for (SslMode mode : values()) {
            if (mode.yamlName().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(SslMode::yamlName).collect(Collectors.joining(", "))
                + ", got '" + text + "'");
    }
}
