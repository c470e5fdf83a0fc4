package dev.pgguard.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole validated configuration, immutable: a reload builds a new one and swaps it in.
 *
 * @param tls      empty = clients connect without TLS
 * @param upstream empty = {@code pgguard serve} starts an embedded PostgreSQL
 */
public record PgGuardConfig(ListenConfig listen, Optional<TlsConfig> tls, AdminConfig admin,
                            Optional<UpstreamConfig> upstream, List<AgentConfig> agents,
                            LimitsConfig limits, ShutdownConfig shutdown, ClassifierConfig classifier,
                            ApprovalsConfig approvals, AuditConfig audit) {

    public PgGuardConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(audit, "audit");
        agents = List.copyOf(agents);
        Set<String> names = new HashSet<>();
        for (AgentConfig agent : agents) {
            if (!names.add(agent.name())) {
                throw new IllegalArgumentException("duplicate agent name '" + agent.name() + "'");
            }
        }
    }

    /** What an empty file gives. */
    public static PgGuardConfig defaults() {
        return new PgGuardConfig(ListenConfig.DEFAULT, Optional.empty(), AdminConfig.DEFAULT, Optional.empty(),
                List.of(), LimitsConfig.DEFAULT, ShutdownConfig.DEFAULT,
                ClassifierConfig.DEFAULT, ApprovalsConfig.DEFAULT, AuditConfig.DEFAULT);
    }

    public PgGuardConfig withUpstream(UpstreamConfig u) {
        return new PgGuardConfig(listen, tls, admin, Optional.of(u), agents, limits, shutdown, classifier, approvals, audit);
    }

    public PgGuardConfig withAgents(List<AgentConfig> a) {
        return new PgGuardConfig(listen, tls, admin, upstream, a, limits, shutdown, classifier, approvals, audit);
    }

    public PgGuardConfig withListen(ListenConfig l) {
        return new PgGuardConfig(l, tls, admin, upstream, agents, limits, shutdown, classifier, approvals, audit);
    }

    public PgGuardConfig withAdmin(AdminConfig a) {
        return new PgGuardConfig(listen, tls, a, upstream, agents, limits, shutdown, classifier, approvals, audit);
    }

    public PgGuardConfig withClassifier(ClassifierConfig c) {
        return new PgGuardConfig(listen, tls, admin, upstream, agents, limits, shutdown, c, approvals, audit);
    }

    public PgGuardConfig withApprovals(ApprovalsConfig a) {
        return new PgGuardConfig(listen, tls, admin, upstream, agents, limits, shutdown, classifier, a, audit);
    }

    public PgGuardConfig withAudit(AuditConfig a) {
        return new PgGuardConfig(listen, tls, admin, upstream, agents, limits, shutdown, classifier, approvals, a);
    }

    /** The effective configuration as YAML-like text for the startup log; secrets and SCRAM keys print as ****. */
    public String describe() {
        return Describer.describe(this);
    }
}
