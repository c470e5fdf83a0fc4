package dev.pgguard.config;

/** How pgguard secures its connection to the upstream database; same names and meaning as libpq's sslmode. */
public enum SslMode {
    DISABLE, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    /** The libpq spelling used in YAML, {@code verify-ca}: also pgjdbc's sslmode value. */
    public String yamlName() {
        return YamlNames.of(this);
    }

    /** Case-sensitive, as libpq is. */
    static SslMode fromYaml(String text) {
        return YamlNames.parse(SslMode.class, text);
    }
}
