package dev.pgguard.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AI agent allowed to connect, and the SCRAM-SHA-256 verifier it authenticates against.
 * pgguard never stores an agent's plain password.
 *
 * @param name             the user name the agent connects as; case-sensitive, like a quoted PostgreSQL role
 * @param passwordVerifier {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, as in pg_authid
 * @param mode             read-only (the default: any statement that can write is refused) or read-write
 * @param environments     the environments it may connect to; empty = the only one there is (a config with
 *                         several environments must name them for every agent)
 * @param rules            rule id → hold, deny or off, over the environment's and the classifier section's
 * @param tables           the tables it may read and write
 */
public record AgentConfig(String name, String passwordVerifier, AgentMode mode, List<String> environments,
                          Map<String, String> rules, TableScopeConfig tables) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    /** A read-only agent: what an agent is unless a human said otherwise. */
    public AgentConfig(String name, String passwordVerifier) {
        this(name, passwordVerifier, AgentMode.READ_ONLY);
    }

    /** An agent of the only environment, under the common rules, with no table scope. */
    public AgentConfig(String name, String passwordVerifier, AgentMode mode) {
        this(name, passwordVerifier, mode, List.of(), Map.of(), TableScopeConfig.UNSCOPED);
    }

    public AgentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(passwordVerifier, "passwordVerifier");
        Objects.requireNonNull(tables, "tables");
        environments = List.copyOf(environments);
        rules = Map.copyOf(rules);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("agent name must match " + NAME + ", got '" + name + "'");
        }
        try {
            ScramVerifier.check(passwordVerifier);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent '" + name + "' passwordVerifier " + e.getMessage(), e);
        }
    }

    /** Whether it may connect to {@code environment}. */
    public boolean reaches(String environment) {
        return environments.isEmpty() || environments.contains(environment);
    }

    public AgentConfig withEnvironments(List<String> e) {
        return new AgentConfig(name, passwordVerifier, mode, e, rules, tables);
    }

    /** Masks the keys: a StoredKey lets anyone who also sniffs one exchange log in as the agent. */
    @Override
    public String toString() {
        return "AgentConfig[name=" + name + ", passwordVerifier=" + ScramVerifier.masked(passwordVerifier)
                + ", mode=" + mode.yamlName() + ", environments=" + environments + ", rules=" + rules
                + ", tables=" + tables + "]";
    }
}
