package dev.pgguard.config;

import java.util.Map;
import java.util.Objects;

/**
 * One database an agent can reach, with its own real credentials (prod, staging, dev). An agent picks it by
 * connecting to the database named like the environment; pgguard opens {@code upstream.database} there.
 *
 * @param name     what agents write as the database name, and what the audit log records as the environment
 * @param rules    rule id → hold, deny or off, over the classifier section's (an agent's own come on top)
 */
public record EnvironmentConfig(String name, UpstreamConfig upstream, Map<String, String> rules) {

    /** The environment of a config that gives one {@code upstream} and no {@code environments}. */
    public static final String DEFAULT_NAME = "default";

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        rules = Map.copyOf(rules);
    }
}
