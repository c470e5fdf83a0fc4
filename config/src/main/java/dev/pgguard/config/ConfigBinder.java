package dev.pgguard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds the composed YAML tree to the config records, recording every problem on the way. A section that
 * has a problem falls back to its default so that reading can go on and find the next problem; the caller
 * discards the result whenever any problem was recorded.
 */
final class ConfigBinder {

    private static final List<String> TOP_KEYS =
            List.of("listen", "tls", "admin", "upstream", "environments", "agents", "agents_file", "approvers",
                    "approvers_file", "limits", "shutdown", "classifier", "approvals", "audit");
    private static final List<String> AUDIT_KEYS = List.of("directory", "rotate_size", "rotate_daily", "fsync",
            "queue_capacity", "on_failure", "redact_literals", "table");
    /** An upstream connection, and what the table sink adds to it. */
    private static final List<String> AUDIT_TABLE_KEYS = Stream.concat(UpstreamBinder.KEYS.stream(),
            Stream.of("name", "batch_size")).toList();
    private static final List<String> APPROVALS_KEYS = List.of("timeout", "timeout_in_transaction",
            "late_approval_window", "blast_radius_timeout", "token", "token_file");
    private static final List<String> CLASSIFIER_KEYS = List.of("rules", "dangerous_functions",
            "max_statement_length", "max_nesting_depth", "cache_entries");
    private static final List<String> ENDPOINT_KEYS = List.of("host", "port");
    private static final List<String> TLS_KEYS = List.of("cert_file", "key_file");
    private static final List<String> LIMITS_KEYS =
            List.of("max_message_size", "max_statement_size", "startup_timeout", "max_client_connections");
    private static final List<String> SHUTDOWN_KEYS = List.of("drain_period");

    private final Problems problems;
    private final Map<String, String> env;
    private final ConfigFiles files;
    private final ManagedFiles defaultManagedFiles;

    /** @param defaultManagedFiles where the agents and approvers files are when the config does not say */
    ConfigBinder(Problems problems, Map<String, String> env, ConfigFiles files, ManagedFiles defaultManagedFiles) {
        this.problems = problems;
        this.env = env;
        this.files = files;
        this.defaultManagedFiles = defaultManagedFiles;
    }

    PgGuardConfig bind(Node root) {
        Optional<YamlMapping> top = YamlMapping.open(root, "", problems, env, TOP_KEYS);
        if (top.isEmpty()) {
            return PgGuardConfig.defaults();
        }
        YamlMapping m = top.get();
        if (m.has("upstream") && m.has("environments")) {
            m.problem("environments", "give either upstream (one database) or environments (several), not both");
        }
        int mark = problems.count();
        List<EnvironmentConfig> environments = m.section("environments", YamlMapping.ANY_KEYS)
                .map(new EnvironmentBinder(problems, files)::bind).orElse(List.of());
        if (m.has("environments") && environments.isEmpty() && problems.count() == mark) {
            m.problem("environments", "names no environment (remove the section and give upstream instead)");
        }
        Set<String> environmentNames = new TreeSet<>();
        environments.forEach(e -> environmentNames.add(e.name()));
        return new PgGuardConfig(
                m.section("listen", ENDPOINT_KEYS).map(this::listen).orElse(ListenConfig.DEFAULT),
                m.section("tls", TLS_KEYS).flatMap(this::tls),
                m.section("admin", ENDPOINT_KEYS).map(this::admin).orElse(AdminConfig.DEFAULT),
                m.has("environments") ? Optional.empty()
                        : m.section("upstream", UpstreamBinder.KEYS).flatMap(new UpstreamBinder(problems, files)::bind),
                environments,
                new AgentBinder(problems, environmentNames).bind(m),
                new ApproverBinder(problems, files).bind(m),
                m.section("limits", LIMITS_KEYS).map(this::limits).orElse(LimitsConfig.DEFAULT),
                m.section("shutdown", SHUTDOWN_KEYS).map(this::shutdown).orElse(ShutdownConfig.DEFAULT),
                m.section("classifier", CLASSIFIER_KEYS).map(this::classifier).orElse(ClassifierConfig.DEFAULT),
                m.section("approvals", APPROVALS_KEYS).map(this::approvals).orElse(ApprovalsConfig.DEFAULT),
                m.section("audit", AUDIT_KEYS).map(this::audit).orElse(AuditConfig.DEFAULT),
                new ManagedFiles(
                        m.value("agents_file", YamlMapping::nonBlank).map(files::resolve).or(defaultManagedFiles::agents),
                        m.value("approvers_file", YamlMapping::nonBlank).map(files::resolve)
                                .or(defaultManagedFiles::approvers)));
    }

    private AuditConfig audit(YamlMapping m) {
        int mark = problems.count();
        AuditConfig d = AuditConfig.DEFAULT;
        Optional<Path> directory = m.value("directory", YamlMapping::nonBlank).map(files::resolve);
        long rotateSize = m.value("rotate_size", ConfigBinder::positiveSize).orElse(d.rotateSize());
        if (rotateSize < 1024) {
            m.problem("rotate_size", "must be at least 1kB, got " + Units.formatSize(rotateSize));
        }
        boolean daily = m.value("rotate_daily", ConfigBinder::bool).orElse(d.rotateDaily());
        String fsync = m.value("fsync", YamlNames.oneOf(AuditConfig.FSYNC_POLICIES)).orElse(d.fsync());
        int capacity = m.value("queue_capacity", YamlMapping.integer(1024, 10_000_000)).orElse(d.queueCapacity());
        boolean failClosed = m.value("on_failure", YamlNames.oneOf(List.of("fail-closed", "fail-open")))
                .map(v -> v.equals("fail-closed")).orElse(d.failClosed());
        boolean redact = m.value("redact_literals", ConfigBinder::bool).orElse(d.redactLiterals());
        Optional<AuditConfig.Table> table = m.section("table", AUDIT_TABLE_KEYS).flatMap(this::auditTable);
        return problems.count() > mark ? d
                : new AuditConfig(directory, rotateSize, daily, fsync, capacity, failClosed, redact, table);
    }

    /** {@code audit.table}: an upstream-shaped connection (its binder), the table's name and batch size. */
    private Optional<AuditConfig.Table> auditTable(YamlMapping m) {
        int mark = problems.count();
        if (!m.has("database")) {
            m.problem("database", "is required: the database the audit table is in");
        }
        Optional<String> name = m.value("name", AuditConfig.Table::checkName);
        int batchSize = m.value("batch_size", YamlMapping.integer(1, AuditConfig.Table.MAX_BATCH_SIZE))
                .orElse(AuditConfig.Table.DEFAULT_BATCH_SIZE);
        Optional<UpstreamConfig> connection = new UpstreamBinder(problems, files).bind(m);
        return problems.count() > mark ? Optional.empty()
                : connection.map(c -> new AuditConfig.Table(name.orElse(AuditConfig.Table.DEFAULT_NAME), batchSize, c));
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        };
    }

    private ApprovalsConfig approvals(YamlMapping m) {
        int mark = problems.count();
        ApprovalsConfig d = ApprovalsConfig.DEFAULT;
        Duration timeout = m.value("timeout", Units::duration).orElse(d.timeout());
        Duration inTransaction = m.value("timeout_in_transaction", Units::duration).orElse(d.timeoutInTransaction());
        if (inTransaction.compareTo(timeout) > 0) {
            m.problem("timeout_in_transaction", "must not exceed timeout (" + Units.formatDuration(timeout)
                    + "): a hold inside a transaction keeps its locks while it waits");
        }
        Duration late = m.value("late_approval_window", ConfigBinder::durationOrZero).orElse(d.lateApprovalWindow());
        Duration blast = m.value("blast_radius_timeout", Units::duration).orElse(d.blastRadiusTimeout());
        Optional<Secret> token = new SecretBinder(m, "token", "token_file", files).ownerOnly().bind();
        return problems.count() > mark ? d : new ApprovalsConfig(timeout, inTransaction, late, blast, token);
    }

    private static Duration durationOrZero(String text) {
        return text.equals("0") ? Duration.ZERO : Units.duration(text);
    }

    private ClassifierConfig classifier(YamlMapping m) {
        Map<String, String> rules = RulesBinder.bind(m);
        ClassifierConfig d = ClassifierConfig.DEFAULT;
        return new ClassifierConfig(rules, m.strings("dangerous_functions"),
                m.value("max_statement_length", YamlMapping.integer(1024, 1 << 30)).orElse(d.maxStatementLength()),
                m.value("max_nesting_depth", YamlMapping.integer(10, 100_000)).orElse(d.maxNestingDepth()),
                m.value("cache_entries", YamlMapping.integer(0, 10_000_000)).orElse(d.cacheEntries()));
    }

    private ListenConfig listen(YamlMapping m) {
        return new ListenConfig(
                m.value("host", YamlMapping::nonBlank).orElse(ListenConfig.DEFAULT.host()),
                m.value("port", YamlMapping.integer(0, 65535)).orElse(ListenConfig.DEFAULT.port()));
    }

    private AdminConfig admin(YamlMapping m) {
        return new AdminConfig(
                m.value("host", YamlMapping::nonBlank).orElse(AdminConfig.DEFAULT.host()),
                m.value("port", YamlMapping.integer(0, 65535)).orElse(AdminConfig.DEFAULT.port()));
    }

    private Optional<TlsConfig> tls(YamlMapping m) {
        Optional<Path> cert = m.required("cert_file", files::readable);
        Optional<Path> key = m.required("key_file", files::readable);
        return cert.isPresent() && key.isPresent()
                ? Optional.of(new TlsConfig(cert.get(), key.get()))
                : Optional.empty();
    }

    private LimitsConfig limits(YamlMapping m) {
        int mark = problems.count();
        LimitsConfig d = LimitsConfig.DEFAULT;
        long maxMessage = m.value("max_message_size", ConfigBinder::messageSize).orElse(d.maxMessageSize());
        // The default statement limit shrinks with a smaller message limit rather than contradict it.
        long maxStatement = m.value("max_statement_size", ConfigBinder::positiveSize)
                .orElse(Math.min(d.maxStatementSize(), maxMessage));
        if (maxStatement > maxMessage) {
            m.problem("max_statement_size", "must not exceed max_message_size (" + Units.formatSize(maxMessage)
                    + "), got " + Units.formatSize(maxStatement));
        }
        Duration startupTimeout = m.value("startup_timeout", Units::duration).orElse(d.startupTimeout());
        int maxConnections = m.value("max_client_connections", YamlMapping.integer(1, Integer.MAX_VALUE))
                .orElse(d.maxClientConnections());
        return problems.count() > mark
                ? d
                : new LimitsConfig(maxMessage, maxStatement, startupTimeout, maxConnections);
    }

    private ShutdownConfig shutdown(YamlMapping m) {
        return m.value("drain_period", Units::duration).map(ShutdownConfig::new).orElse(ShutdownConfig.DEFAULT);
    }

    private static long messageSize(String text) {
        long size = Units.size(text);
        if (size < LimitsConfig.MIN_MESSAGE_SIZE || size > LimitsConfig.MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("must be between 8kB and " + LimitsConfig.MAX_MESSAGE_SIZE_LIMIT
                    + " bytes (PostgreSQL's own limit, one byte under 1GB), got '" + text + "'");
        }
        return size;
    }

    private static long positiveSize(String text) {
        long size = Units.size(text);
        if (size < 1) {
            throw new IllegalArgumentException("must be greater than 0, got '" + text + "'");
        }
        return size;
    }
}
