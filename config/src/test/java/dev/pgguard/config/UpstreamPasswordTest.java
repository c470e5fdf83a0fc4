package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.parse;
import static dev.pgguard.config.TestYaml.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamPasswordTest {

    private static final String INLINE =
            "inline secrets are not accepted: use password: ${ENV_VAR} or password_file: PATH";

    @TempDir
    Path dir;

    @Test
    void passwordFromEnvironment() throws ConfigException {
        UpstreamConfig upstream = parse("upstream: { host: db, user: app, password: '${PW}' }",
                Map.of("PW", "correct horse")).upstream().orElseThrow();
        assertEquals(Optional.of(Secret.of("correct horse")), upstream.password());
    }

    @Test
    void inlinePasswordIsRefusedWithoutEchoingIt() {
        List<ConfigProblem> problems = problems("upstream:\n  host: db\n  user: app\n  password: hunter2\n");
        assertEquals(List.of(new ConfigProblem("upstream.password", 4, INLINE)), problems);
        assertEquals(List.of(new ConfigProblem("upstream.password", 1, INLINE)),
                problems("upstream: { host: db, user: app, password: 'pre-${PW}' }", Map.of("PW", "x")),
                "a reference inside a literal is still an inline secret");
    }

    @Test
    void unsetOrEmptyPasswordVariableIsAProblem() {
        assertEquals(List.of(new ConfigProblem("upstream.password", 1, "environment variable PW is not set")),
                problems("upstream: { host: db, user: app, password: '${PW}' }"));
        assertEquals(List.of(new ConfigProblem("upstream.password", 1,
                "the environment variable is set but empty")),
                problems("upstream: { host: db, user: app, password: '${PW}' }", Map.of("PW", "")));
    }

    @Test
    void passwordFileIsReadWithoutItsTrailingNewline() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\r\n");
        UpstreamConfig upstream = parse("upstream: { host: db, user: app, password_file: " + file + " }")
                .upstream().orElseThrow();
        assertEquals(Optional.of(Secret.of("s3cret")), upstream.password());
    }

    @Test
    void missingOrEmptyPasswordFileIsAProblem() throws IOException {
        Path missing = dir.resolve("missing");
        assertEquals(List.of(new ConfigProblem("upstream.password_file", 1, "file not found: " + missing)),
                problems("upstream: { host: db, user: app, password_file: " + missing + " }"));
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertEquals(List.of(new ConfigProblem("upstream.password_file", 1, "file is empty: " + empty)),
                problems("upstream: { host: db, user: app, password_file: " + empty + " }"));
        assertEquals(List.of(new ConfigProblem("upstream.password_file", 1, "is not a readable file: " + dir)),
                problems("upstream: { host: db, user: app, password_file: " + dir + " }"));
    }

    @Test
    void passwordAndPasswordFileTogetherIsAProblem() {
        assertEquals(List.of(new ConfigProblem("upstream.password_file", 4,
                "give either password or password_file, not both")),
                problems("upstream:\n  host: db\n  user: app\n  password_file: /x\n  password: ${PW}\n",
                        Map.of("PW", "x")));
    }

    @Test
    void noPasswordIsTrustAuthentication() throws ConfigException {
        assertFalse(parse("upstream: { host: db, user: app }").upstream().orElseThrow().password().isPresent());
    }

    @Test
    void invalidSslModeAndMissingRootCert() {
        Path missing = dir.resolve("root.crt");
        assertEquals(List.of(
                new ConfigProblem("upstream.sslmode", 4,
                        "must be one of disable, prefer, require, verify-ca, verify-full, got 'VERIFY-FULL'"),
                new ConfigProblem("upstream.sslrootcert", 5, "file not found: " + missing)),
                problems("upstream:\n  host: db\n  user: app\n  sslmode: VERIFY-FULL\n  sslrootcert: "
                        + missing + "\n"));
    }

    @Test
    void everySslModeSpelling() throws ConfigException {
        for (SslMode mode : SslMode.values()) {
            String yaml = "upstream: { host: db, user: app, sslmode: " + mode.yamlName() + " }";
            assertEquals(mode, parse(yaml).upstream().orElseThrow().sslMode());
        }
    }

    @Test
    void upstreamPortStartsAtOne() {
        assertEquals(List.of(new ConfigProblem("upstream.port", 1,
                "must be an integer between 1 and 65535, got '0'")),
                problems("upstream: { host: db, user: app, port: 0 }"));
    }
}
