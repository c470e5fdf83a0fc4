package dev.pgguard.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an agent may do: read only (the default), or also write, with the hold rules applying. */
public enum AgentMode {
    READ_ONLY,
    READ_WRITE;

    /** The spelling in YAML: {@code read-only}, {@code read-write}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static AgentMode fromYaml(String text) {
        for (AgentMode m : values()) {
            if (m.yamlName().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(AgentMode::yamlName).collect(Collectors.joining(", "))
                + ", got '" + text + "'");
    }
}
