package dev.pgguard.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AI agent allowed to connect, and the SCRAM-SHA-256 verifier it authenticates against.
 * pgguard never stores an agent's plain password.
 *
 * @param name             the user name the agent connects as; case-sensitive, like a quoted PostgreSQL role
 * @param passwordVerifier {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, as in pg_authid
 * @param mode             read-only (the default: any statement that can write is refused) or read-write
 */
public record AgentConfig(String name, String passwordVerifier, AgentMode mode) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    /** A read-only agent: what an agent is unless a human said otherwise. */
    public AgentConfig(String name, String passwordVerifier) {
        this(name, passwordVerifier, AgentMode.READ_ONLY);
    }

    public AgentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(passwordVerifier, "passwordVerifier");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("agent name must match " + NAME + ", got '" + name + "'");
        }
        try {
            ScramVerifier.check(passwordVerifier);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("agent '" + name + "' passwordVerifier " + e.getMessage(), e);
        }
    }

    /** Masks the keys: a StoredKey lets anyone who also sniffs one exchange log in as the agent. */
    @Override
    public String toString() {
        return "AgentConfig[name=" + name + ", passwordVerifier=" + ScramVerifier.masked(passwordVerifier)
                + ", mode=" + mode.yamlName() + "]";
    }
}
