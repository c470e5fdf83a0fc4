package dev.pgguard.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole validated configuration, immutable: a reload builds a new one and swaps it in.
 *
 * @param tls          empty = clients connect without TLS
 * @param upstream     the single database of a config without {@code environments}; empty (and no
 *                     environments) = {@code pgguard serve} starts an embedded PostgreSQL
 * @param environments several databases (prod, staging, ...), each with its own credentials; empty when the
 *                     config gives {@code upstream} instead
 * @param agents       the file's agents and the agents file's, together
 * @param approvers    named approvers (the file's and the approvers file's); empty = the single approver token
 *                     of the {@code approvals} section
 * @param managedFiles where {@code pgguard agent} and {@code pgguard approver} write
 */
public record PgGuardConfig(ListenConfig listen, Optional<TlsConfig> tls, AdminConfig admin,
                            Optional<UpstreamConfig> upstream, List<EnvironmentConfig> environments,
                            List<AgentConfig> agents, List<ApproverConfig> approvers,
                            LimitsConfig limits, ShutdownConfig shutdown, ClassifierConfig classifier,
                            ApprovalsConfig approvals, AuditConfig audit, ManagedFiles managedFiles) {

    /** A config with one upstream (or none), no named approvers and no managed files. */
    public PgGuardConfig(ListenConfig listen, Optional<TlsConfig> tls, AdminConfig admin,
                         Optional<UpstreamConfig> upstream, List<AgentConfig> agents, LimitsConfig limits,
                         ShutdownConfig shutdown, ClassifierConfig classifier, ApprovalsConfig approvals,
                         AuditConfig audit) {
        this(listen, tls, admin, upstream, List.of(), agents, List.of(), limits, shutdown, classifier, approvals,
                audit, ManagedFiles.NONE);
    }

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
        Objects.requireNonNull(managedFiles, "managedFiles");
        environments = List.copyOf(environments);
        agents = List.copyOf(agents);
        approvers = List.copyOf(approvers);
        if (upstream.isPresent() && !environments.isEmpty()) {
            throw new IllegalArgumentException("give either an upstream or environments, not both");
        }
        Set<String> envNames = unique(environments.stream().map(EnvironmentConfig::name).toList(), "environment");
        unique(agents.stream().map(AgentConfig::name).toList(), "agent");
        unique(approvers.stream().map(ApproverConfig::name).toList(), "approver");
        for (AgentConfig agent : agents) {
            if (envNames.size() > 1 && agent.environments().isEmpty()) {
                throw new IllegalArgumentException("agent '" + agent.name() + "' must name its environments");
            }
            for (String e : agent.environments()) {
                if (!envNames.isEmpty() && !envNames.contains(e)) {
                    throw new IllegalArgumentException("agent '" + agent.name() + "': no environment '" + e + "'");
                }
            }
        }
    }

    private static Set<String> unique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate " + what + " name '" + name + "'");
            }
        }
        return seen;
    }

    /**
     * The environments agents reach: the {@code environments} section, or the single upstream as the environment
     * {@value EnvironmentConfig#DEFAULT_NAME}; empty when there is no database yet (serve adds the embedded one).
     */
    public List<EnvironmentConfig> environmentsInForce() {
        if (!environments.isEmpty()) {
            return environments;
        }
        return upstream.map(u -> List.of(new EnvironmentConfig(EnvironmentConfig.DEFAULT_NAME, u, Map.of())))
                .orElse(List.of());
    }

    /** What an empty file gives. */
    public static PgGuardConfig defaults() {
        return new PgGuardConfig(ListenConfig.DEFAULT, Optional.empty(), AdminConfig.DEFAULT, Optional.empty(),
                List.of(), LimitsConfig.DEFAULT, ShutdownConfig.DEFAULT,
                ClassifierConfig.DEFAULT, ApprovalsConfig.DEFAULT, AuditConfig.DEFAULT);
    }

    public PgGuardConfig withUpstream(UpstreamConfig u) {
        return new PgGuardConfig(listen, tls, admin, Optional.of(u), environments, agents, approvers, limits, shutdown,
                classifier, approvals, audit, managedFiles);
    }

    public PgGuardConfig withAgents(List<AgentConfig> a) {
        return new PgGuardConfig(listen, tls, admin, upstream, environments, a, approvers, limits, shutdown,
                classifier, approvals, audit, managedFiles);
    }

    public PgGuardConfig withApprovers(List<ApproverConfig> a) {
        return new PgGuardConfig(listen, tls, admin, upstream, environments, agents, a, limits, shutdown,
                classifier, approvals, audit, managedFiles);
    }

    public PgGuardConfig withListen(ListenConfig l) {
        return new PgGuardConfig(l, tls, admin, upstream, environments, agents, approvers, limits, shutdown,
                classifier, approvals, audit, managedFiles);
    }

    public PgGuardConfig withAdmin(AdminConfig a) {
        return new PgGuardConfig(listen, tls, a, upstream, environments, agents, approvers, limits, shutdown,
                classifier, approvals, audit, managedFiles);
    }

    public PgGuardConfig withManagedFiles(ManagedFiles f) {
        return new PgGuardConfig(listen, tls, admin, upstream, environments, agents, approvers, limits, shutdown,
                classifier, approvals, audit, f);
    }

    /** The effective configuration as YAML-like text for the startup log; secrets and SCRAM keys print as ****. */
    public String describe() {
        return Describer.describe(this);
    }
}
