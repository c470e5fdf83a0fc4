package dev.pgguard.config;

/** What an agent may do: read only (the default), or also write, with the hold rules applying. */
public enum AgentMode {
    READ_ONLY,
    READ_WRITE;

    /** The spelling in YAML: {@code read-only}, {@code read-write}. */
    public String yamlName() {
        return YamlNames.of(this);
    }

    static AgentMode fromYaml(String text) {
        return YamlNames.parse(AgentMode.class, text);
    }
}
