package dev.pgguard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Binds the {@code upstream} section, whose password must come from the environment or a file. */
final class UpstreamBinder {

    static final List<String> KEYS = List.of("host", "port", "database", "user", "password", "password_file",
            "sslmode", "sslrootcert", "connect_timeout");
    static final String INLINE_SECRET =
            "inline secrets are not accepted: use password: ${ENV_VAR} or password_file: PATH";

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
        if (m.has("password") && m.has("password_file")) {
            m.problem("password_file", "give either password or password_file, not both");
            return Optional.empty();
        }
        if (m.has("password")) {
            Optional<String> written = m.text("password");
            if (written.isEmpty()) {
                return Optional.empty();
            }
            // Checked before interpolation: what is written must be a reference, never the secret itself.
            if (Interpolation.referenceName(written.get()).isEmpty()) {
                m.problem("password", INLINE_SECRET);
                return Optional.empty();
            }
            return m.value("password", UpstreamBinder::nonEmptySecret);
        }
        return m.value("password_file", files::secret).map(Secret::of);
    }

    private static Secret nonEmptySecret(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the environment variable is set but empty");
        }
        return Secret.of(value);
    }
}
