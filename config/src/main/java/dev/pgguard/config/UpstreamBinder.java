package dev.pgguard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Binds the {@code upstream} section, whose password must come from the environment or a file. */
final class UpstreamBinder {

    static final List<String> KEYS = List.of("host", "port", "database", "user", "password", "password_file",
            "sslmode", "sslrootcert", "connect_timeout");

    private final Problems problems;
    private final ConfigFiles files;

    UpstreamBinder(Problems problems, ConfigFiles files) {
        this.problems = problems;
        this.files = files;
    }

    /** Empty when the section has problems (already recorded). */
    Optional<UpstreamConfig> bind(YamlMapping m) {
        int mark = problems.count();
        Optional<String> host = m.required("host", YamlMapping::nonBlank);
        int port = m.value("port", YamlMapping.integer(1, 65535)).orElse(UpstreamConfig.DEFAULT_PORT);
        Optional<String> database = m.value("database", YamlMapping::nonBlank);
        Optional<String> user = m.required("user", YamlMapping::nonBlank);
        Optional<Secret> password = password(m);
        SslMode sslMode = m.value("sslmode", SslMode::fromYaml).orElse(UpstreamConfig.DEFAULT_SSL_MODE);
        Optional<Path> sslRootCert = m.value("sslrootcert", files::readable);
        Duration connectTimeout = m.value("connect_timeout", Units::duration)
                .orElse(UpstreamConfig.DEFAULT_CONNECT_TIMEOUT);
        if (problems.count() > mark) {
            return Optional.empty();
        }
        return Optional.of(new UpstreamConfig(host.orElseThrow(), port, database, user.orElseThrow(), password,
                sslMode, sslRootCert, connectTimeout));
    }

    private Optional<Secret> password(YamlMapping m) {
        return new SecretBinder(m, "password", "password_file", files).bind();
    }
}
