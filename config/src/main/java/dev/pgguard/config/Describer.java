package dev.pgguard.config;

/**
 * Renders the effective configuration in the file's own YAML shape, for the startup log. Secrets print as
 * {@code ****} and verifiers keep only their mechanism and iteration count.
 */
final class Describer {

    private final StringBuilder out = new StringBuilder();

    private Describer() {
    }

    static String describe(PgGuardConfig c) {
        Describer d = new Describer();
        d.section("listen").field("host", c.listen().host()).field("port", c.listen().port());
        c.tls().ifPresentOrElse(
                tls -> d.section("tls").field("cert_file", tls.certFile()).field("key_file", tls.keyFile()),
                () -> d.comment("tls: not configured, clients connect without TLS"));
        d.section("admin").field("host", c.admin().host()).field("port", c.admin().port());
        c.upstream().ifPresentOrElse(d::upstream, () -> d.comment("upstream: not configured, embedded PostgreSQL"));
        if (c.agents().isEmpty()) {
            d.out.append("agents: []\n");
        } else {
            d.section("agents");
            c.agents().forEach(a -> d.out.append("  - name: ").append(a.name()).append('\n')
                    .append("    password: ").append(ScramVerifier.masked(a.passwordVerifier())).append('\n')
                    .append("    mode: ").append(a.mode().yamlName()).append('\n'));
        }
        LimitsConfig l = c.limits();
        d.section("limits")
                .field("max_message_size", Units.formatSize(l.maxMessageSize()))
                .field("max_statement_size", Units.formatSize(l.maxStatementSize()))
                .field("startup_timeout", Units.formatDuration(l.startupTimeout()))
                .field("max_client_connections", l.maxClientConnections());
        d.section("shutdown").field("drain_period", Units.formatDuration(c.shutdown().drainPeriod()));
        ApprovalsConfig a = c.approvals();
        d.section("approvals")
                .field("timeout", Units.formatDuration(a.timeout()))
                .field("timeout_in_transaction", Units.formatDuration(a.timeoutInTransaction()))
                .field("late_approval_window", a.lateApprovalWindow().isZero() ? "0"
                        : Units.formatDuration(a.lateApprovalWindow()))
                .field("blast_radius_timeout", Units.formatDuration(a.blastRadiusTimeout()));
        a.approverToken().ifPresent(t -> d.field("token", t)); // Secret prints ****
        AuditConfig au = c.audit();
        d.section("audit")
                .field("directory", au.directory().map(Object::toString).orElse("~/.pgguard/audit"))
                .field("rotate_size", Units.formatSize(au.rotateSize()))
                .field("rotate_daily", au.rotateDaily())
                .field("fsync", au.fsync())
                .field("queue_capacity", au.queueCapacity())
                .field("on_failure", au.failClosed() ? "fail-closed" : "fail-open")
                .field("redact_literals", au.redactLiterals());
        ClassifierConfig k = c.classifier();
        d.section("classifier")
                .field("max_statement_length", k.maxStatementLength())
                .field("max_nesting_depth", k.maxNestingDepth())
                .field("cache_entries", k.cacheEntries());
        k.dangerousFunctions().ifPresent(f -> d.field("dangerous_functions", "[" + String.join(", ", f) + "]"));
        if (!k.rules().isEmpty()) {
            d.out.append("  rules:\n");
            new java.util.TreeMap<>(k.rules()).forEach((id, action) ->
                    d.out.append("    ").append(id).append(": ").append(action).append('\n'));
        }
        return d.out.toString();
    }

    private void upstream(UpstreamConfig u) {
        section("upstream").field("host", u.host()).field("port", u.port());
        u.database().ifPresent(db -> field("database", db));
        field("user", u.user());
        u.password().ifPresent(p -> field("password", p)); // Secret prints ****
        field("sslmode", u.sslMode().yamlName());
        u.sslRootCert().ifPresent(cert -> field("sslrootcert", cert));
        field("connect_timeout", Units.formatDuration(u.connectTimeout()));
    }

    private Describer section(String name) {
        out.append(name).append(":\n");
        return this;
    }

    private Describer field(String key, Object value) {
        out.append("  ").append(key).append(": ").append(value).append('\n');
        return this;
    }

    private void comment(String text) {
        out.append("# ").append(text).append('\n');
    }
}
