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
        if (!c.environments().isEmpty()) {
            d.section("environments");
            for (EnvironmentConfig e : c.environments()) {
                d.out.append("  ").append(e.name()).append(":\n");
                d.upstream(e.upstream(), "    ");
                d.rules(e.rules(), "    ");
            }
        } else {
            c.upstream().ifPresentOrElse(u -> d.upstream(u, ""),
                    () -> d.comment("upstream: not configured, embedded PostgreSQL"));
        }
        c.managedFiles().agents().ifPresent(f -> d.out.append("agents_file: ").append(f).append('\n'));
        c.managedFiles().approvers().ifPresent(f -> d.out.append("approvers_file: ").append(f).append('\n'));
        if (c.agents().isEmpty()) {
            d.out.append("agents: []\n");
        } else {
            d.section("agents");
            c.agents().forEach(d::agent);
        }
        if (!c.approvers().isEmpty()) {
            d.section("approvers");
            c.approvers().forEach(a -> d.out.append("  - name: ").append(a.name()).append('\n')
                    .append("    token_sha256: ").append(a.tokenSha256(), 0, 8).append("...\n")
                    .append("    totp: ").append(a.totpSecret().isPresent() ? "required" : "off").append('\n'));
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
        au.table().ifPresent(t -> {
            d.out.append("  table:\n    name: ").append(t.name()).append("\n    batch_size: ").append(t.batchSize())
                    .append('\n');
            d.connection(t.connection(), "    ");
        });
        ClassifierConfig k = c.classifier();
        d.section("classifier")
                .field("max_statement_length", k.maxStatementLength())
                .field("max_nesting_depth", k.maxNestingDepth())
                .field("cache_entries", k.cacheEntries());
        k.dangerousFunctions().ifPresent(f -> d.field("dangerous_functions", "[" + String.join(", ", f) + "]"));
        d.rules(k.rules(), "  ");
        return d.out.toString();
    }

    private void agent(AgentConfig a) {
        out.append("  - name: ").append(a.name()).append('\n')
                .append("    password: ").append(ScramVerifier.masked(a.passwordVerifier())).append('\n')
                .append("    mode: ").append(a.mode().yamlName()).append('\n');
        if (!a.environments().isEmpty()) {
            out.append("    environments: [").append(String.join(", ", a.environments())).append("]\n");
        }
        rules(a.rules(), "    ");
        TableScopeConfig t = a.tables();
        if (t.scoped()) {
            out.append("    tables:\n");
            out.append("      read: {allow: ").append(t.readAllow()).append(", deny: ").append(t.readDeny()).append("}\n");
            out.append("      write: {allow: ").append(t.writeAllow()).append(", deny: ").append(t.writeDeny())
                    .append("}\n");
        }
    }

    private void rules(java.util.Map<String, String> rules, String indent) {
        if (!rules.isEmpty()) {
            out.append(indent).append("rules:\n");
            new java.util.TreeMap<>(rules).forEach((id, action) ->
                    out.append(indent).append("  ").append(id).append(": ").append(action).append('\n'));
        }
    }

    private void upstream(UpstreamConfig u, String indent) {
        out.append(indent).append("upstream:\n");
        connection(u, indent + "  ");
    }

    /** An upstream's fields, also those of the audit table's connection. */
    private void connection(UpstreamConfig u, String in) {
        out.append(in).append("host: ").append(u.host()).append('\n');
        out.append(in).append("port: ").append(u.port()).append('\n');
        u.database().ifPresent(db -> out.append(in).append("database: ").append(db).append('\n'));
        out.append(in).append("user: ").append(u.user()).append('\n');
        u.password().ifPresent(p -> out.append(in).append("password: ").append(p).append('\n')); // Secret prints ****
        out.append(in).append("sslmode: ").append(u.sslMode().yamlName()).append('\n');
        u.sslRootCert().ifPresent(cert -> out.append(in).append("sslrootcert: ").append(cert).append('\n'));
        out.append(in).append("connect_timeout: ").append(Units.formatDuration(u.connectTimeout())).append('\n');
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
