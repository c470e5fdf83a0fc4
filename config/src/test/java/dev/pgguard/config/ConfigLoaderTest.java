package dev.pgguard.config;

import static dev.pgguard.config.TestYaml.PENCIL_VERIFIER;
import static dev.pgguard.config.TestYaml.parse;
import static dev.pgguard.config.TestYaml.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void emptyInputAndCommentsOnlyGiveDefaults() throws ConfigException {
        PgGuardConfig expected = new PgGuardConfig(new ListenConfig("127.0.0.1", 6432), Optional.empty(),
                new AdminConfig("127.0.0.1", 6433), Optional.empty(), List.of(),
                new LimitsConfig(1_073_741_823L, 16L * 1024 * 1024, Duration.ofSeconds(30), 10_000),
                new ShutdownConfig(Duration.ofSeconds(10)), ClassifierConfig.DEFAULT, ApprovalsConfig.DEFAULT,
                AuditConfig.DEFAULT);
        assertEquals(expected, PgGuardConfig.defaults());
        assertEquals(expected, parse(""));
        assertEquals(expected, parse("# nothing yet\n\n   # still nothing\n"));
        assertEquals(expected, parse("listen:\n"), "an empty section is all defaults");
    }

    @Test
    void fullFileMapsToEveryField() throws IOException, ConfigException {
        Path cert = Files.writeString(dir.resolve("server.crt"), "cert");
        Path key = Files.writeString(dir.resolve("server.key"), "key");
        Path root = Files.writeString(dir.resolve("root.crt"), "ca");
        String yaml = """
                listen: { host: 0.0.0.0, port: 7432 }
                tls: { cert_file: %s, key_file: %s }
                admin:
                  host: 10.0.0.5
                  port: 0
                upstream:
                  host: db.example.com
                  port: 5433
                  database: app
                  user: app_owner
                  password: ${PGGUARD_UPSTREAM_PASSWORD}
                  sslmode: verify-full
                  sslrootcert: %s
                  connect_timeout: 2500ms
                agents:
                  - name: cursor-ci
                    password: "%s"
                  - name: claude.dev_2
                    password: "%s"
                limits:
                  max_message_size: 64MB
                  max_statement_size: 1MiB
                  startup_timeout: 1m
                  max_client_connections: 50
                shutdown:
                  drain_period: 1h
                approvals:
                  timeout: 2m
                  timeout_in_transaction: 20s
                  late_approval_window: 0
                  blast_radius_timeout: 500ms
                  token: ${PGGUARD_APPROVER_TOKEN}
                audit:
                  directory: /var/log/pgguard
                  rotate_size: 10MB
                  rotate_daily: false
                  fsync: always
                  queue_capacity: 4096
                  on_failure: fail-open
                  redact_literals: true
                """.formatted(cert, key, root, PENCIL_VERIFIER, PENCIL_VERIFIER);

        PgGuardConfig config = parse(yaml, Map.of("PGGUARD_UPSTREAM_PASSWORD", "s3cret", "PGGUARD_APPROVER_TOKEN", "t0k"));

        assertEquals(new PgGuardConfig(
                new ListenConfig("0.0.0.0", 7432),
                Optional.of(new TlsConfig(cert, key)),
                new AdminConfig("10.0.0.5", 0),
                Optional.of(new UpstreamConfig("db.example.com", 5433, Optional.of("app"), "app_owner",
                        Optional.of(Secret.of("s3cret")), SslMode.VERIFY_FULL, Optional.of(root),
                        Duration.ofMillis(2500))),
                List.of(new AgentConfig("cursor-ci", PENCIL_VERIFIER), new AgentConfig("claude.dev_2", PENCIL_VERIFIER)),
                new LimitsConfig(64L << 20, 1L << 20, Duration.ofMinutes(1), 50),
                new ShutdownConfig(Duration.ofHours(1)), ClassifierConfig.DEFAULT,
                new ApprovalsConfig(Duration.ofMinutes(2), Duration.ofSeconds(20), Duration.ZERO,
                        Duration.ofMillis(500), Optional.of(Secret.of("t0k"))),
                new AuditConfig(Optional.of(Path.of("/var/log/pgguard")), 10L << 20, false, "always", 4096, false, true,
                        Optional.empty())),
                config);
    }

    @Test
    void classifierSection() throws ConfigException {
        ClassifierConfig c = parse("""
                classifier:
                  rules:
                    drop: deny
                    update-without-where: off
                    unanalysable: hold
                  dangerous_functions: [pg_terminate_backend, my_wipe]
                  max_statement_length: 65536
                  max_nesting_depth: 200
                  cache_entries: 0
                """).classifier();
        assertEquals(new ClassifierConfig(Map.of("drop", "deny", "update-without-where", "off", "unanalysable", "hold"),
                Optional.of(List.of("pg_terminate_backend", "my_wipe")), 65536, 200, 0), c);
    }

    @Test
    void classifierProblemsAreReportedTogether() {
        List<ConfigProblem> problems = problems("""
                classifier:
                  rules:
                    drop: allow
                    drop-everything: hold
                    unanalysable: off
                  dangerous_functions: pg_terminate_backend
                """);
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.toString().contains("classifier.rules.drop-everything (line 4): unknown key"), problems::toString);
        assertTrue(problems.toString().contains("classifier.rules.drop (line 3): must be one of hold, deny, off, got 'allow'"),
                problems::toString);
        assertTrue(problems.toString().contains("classifier.rules.unanalysable (line 5): cannot be off"), problems::toString);
        assertTrue(problems.toString().contains("classifier.dangerous_functions (line 6): must be a list"), problems::toString);
    }

    @Test
    void upstreamDefaults() throws ConfigException {
        UpstreamConfig upstream = parse("upstream: { host: db, user: app }").upstream().orElseThrow();
        assertEquals(new UpstreamConfig("db", 5432, Optional.empty(), "app", Optional.empty(), SslMode.PREFER,
                Optional.empty(), Duration.ofSeconds(5)), upstream);
    }

    @Test
    void unknownKeysAtTopLevelAndNestedAreReportedWithTheirLines() {
        List<ConfigProblem> problems = problems("""
                listen:
                  host: 127.0.0.1
                  prot: 6432
                limit:
                  max_message_size: 1MB
                """);
        assertEquals(List.of(
                new ConfigProblem("listen.prot", 3, "unknown key 'prot' (known: host, port)"),
                new ConfigProblem("limit", 4, "unknown key 'limit' (known: listen, tls, admin, upstream,"
                        + " environments, agents, agents_file, approvers, approvers_file, limits, shutdown, classifier, approvals,"
                        + " audit)")), problems);
        assertEquals("listen.prot (line 3): unknown key 'prot' (known: host, port)", problems.get(0).toString());
    }

    @Test
    void everyProblemIsReportedInOneException() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                listen: { port: 70000 }
                upstream:
                  host: db
                  sslmode: verify_full
                limits:
                  startup_timeout: 30
                shutdown: { drain_period: 0s }
                """, Map.of()));
        assertEquals(List.of(
                new ConfigProblem("listen.port", 1, "must be an integer between 0 and 65535, got '70000'"),
                new ConfigProblem("upstream.user", 2, "is required"),
                new ConfigProblem("upstream.sslmode", 4,
                        "must be one of disable, prefer, require, verify-ca, verify-full, got 'verify_full'"),
                new ConfigProblem("limits.startup_timeout", 6, "must be a whole number with a unit:"
                        + " ms, s, m, h or d (for example 5s), got '30'"),
                new ConfigProblem("shutdown.drain_period", 7, "must be greater than 0, got '0s'")), e.problems());
        assertEquals(6, e.getMessage().lines().count(), e.getMessage());
        assertEquals("invalid configuration in test.yaml (5 problems):", e.getMessage().lines().findFirst().get());
        assertEquals("  upstream.user (line 2): is required", e.getMessage().lines().skip(2).findFirst().get());
    }

    @Test
    void wrongTypesAreProblems() {
        assertEquals(List.of(
                new ConfigProblem("listen", 1, "must be a mapping of keys to values"),
                new ConfigProblem("admin.host", 2, "must be a single value, not a list or mapping"),
                new ConfigProblem("agents", 3, "must be a list"),
                new ConfigProblem("limits.max_client_connections", 4,
                        "must be an integer between 1 and 2147483647, got 'many'")),
                problems("""
                        listen: [127.0.0.1, 6432]
                        admin: { host: [a, b] }
                        agents: { name: x }
                        limits: { max_client_connections: many }
                        """));
    }

    @Test
    void yamlSyntaxErrorIsOneProblemWithItsLine() {
        assertEquals(List.of(new ConfigProblem("", 3, "invalid YAML: expected ',' or ']', but got :")),
                problems("listen:\n  host: [127.0.0.1\n  port: 1\n"));
    }

    @Test
    void duplicateKeysTagsAndNullValuesAreProblems() {
        assertEquals(List.of(
                new ConfigProblem("listen.port", 3, "duplicate key (first at line 2)"),
                new ConfigProblem("admin.host", 4, "YAML tag '!custom' is not accepted"),
                new ConfigProblem("admin.port", 4, "has no value (remove the key to use the default)")),
                problems("""
                        listen:
                          port: 1
                          port: 2
                        admin: { host: !custom x, port: }
                        """));
        assertEquals(List.of(new ConfigProblem("", 1,
                "invalid YAML: Global tag is not allowed: tag:yaml.org,2002:java.io.File")),
                problems("!!java.io.File {}"), "SnakeYAML itself refuses global tags");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertEquals(List.of(new ConfigProblem("", 1, "must be a mapping of keys to values")),
                problems("- listen\n"));
    }

    @Test
    void maxStatementSizeAboveMaxMessageSizeIsAProblem() throws ConfigException {
        assertEquals(List.of(new ConfigProblem("limits.max_statement_size", 3,
                "must not exceed max_message_size (8MB), got 16MB")),
                problems("limits:\n  max_message_size: 8MB\n  max_statement_size: 16MB\n"));
        assertEquals(8L << 20, parse("limits: { max_message_size: 8MB }").limits().maxStatementSize(),
                "the default statement limit shrinks to the message limit");
    }

    @Test
    void maxMessageSizeIsBoundedByPostgresLimits() throws ConfigException {
        assertEquals(List.of(new ConfigProblem("limits.max_message_size", 1, "must be between 8kB and 1073741823"
                + " bytes (PostgreSQL's own limit, one byte under 1GB), got '1GB'")),
                problems("limits: { max_message_size: 1GB }"));
        assertEquals(1, problems("limits: { max_message_size: 8191 }").size());
        assertEquals(8192, parse("limits: { max_message_size: 8kB }").limits().maxMessageSize());
        assertEquals(1_073_741_823L,
                parse("limits: { max_message_size: 1073741823 }").limits().maxMessageSize());
    }

    @Test
    void loadReadsAFileAndResolvesRelativePathsAgainstItsDirectory() throws IOException, ConfigException {
        Files.writeString(dir.resolve("pw.txt"), "from-file\n");
        Path file = Files.writeString(dir.resolve("pgguard.yaml"),
                "upstream: { host: db, user: u, password_file: pw.txt }\n");
        UpstreamConfig upstream = ConfigLoader.load(file, Map.of()).upstream().orElseThrow();
        assertEquals(Secret.of("from-file"), upstream.password().orElseThrow());
    }

    @Test
    void missingFileIsAProblem() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));
        assertEquals(1, e.problems().size());
        assertEquals(0, e.problems().get(0).line());
    }
}
