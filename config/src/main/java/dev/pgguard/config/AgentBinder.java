package dev.pgguard.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds an {@code agents} list, of the config file or of the agents file: each agent's name and verifier, its
 * mode, the environments it reaches, its own rules and its table scope.
 */
final class AgentBinder {

    static final List<String> KEYS = List.of("name", "password", "mode", "environments", "rules", "tables");
    private static final List<String> TABLES_KEYS = List.of("read", "write");
    private static final List<String> ACCESS_KEYS = List.of("allow", "deny");

    private final Problems problems;
    /** The environments in force; empty = one unnamed upstream (or none yet), so an agent names none. */
    private final Set<String> environments;
    private final Map<String, String> firstSeenAt = new HashMap<>();

    AgentBinder(Problems problems, Set<String> environments) {
        this.problems = problems;
        this.environments = environments;
    }

    List<AgentConfig> bind(YamlMapping top) {
        List<AgentConfig> agents = new ArrayList<>();
        for (YamlMapping a : top.mappings("agents", KEYS)) {
            int mark = problems.count();
            Optional<String> name = a.required("name", AgentBinder::agentName);
            Optional<String> verifier = a.required("password", ScramVerifier::check);
            AgentMode mode = a.value("mode", AgentMode::fromYaml).orElse(AgentMode.READ_ONLY);
            List<String> envs = environments(a);
            Map<String, String> rules = RulesBinder.bind(a);
            TableScopeConfig tables = a.section("tables", TABLES_KEYS).map(this::tables).orElse(TableScopeConfig.UNSCOPED);
            name.ifPresent(n -> {
                String first = firstSeenAt.putIfAbsent(n, a.path("name"));
                if (first != null) {
                    a.problem("name", "duplicate agent name '" + n + "' (first at " + first + ")");
                }
            });
            if (problems.count() == mark) {
                agents.add(new AgentConfig(name.orElseThrow(), verifier.orElseThrow(), mode, envs, rules, tables));
            }
        }
        return agents;
    }

    private List<String> environments(YamlMapping a) {
        List<String> named = a.strings("environments").orElse(List.of());
        if (environments.size() > 1 && named.isEmpty()) {
            a.problem("environments", "is required when the config has several environments (" 
                    + String.join(", ", environments.stream().sorted().toList()) + "): name the ones this agent may reach");
        }
        for (String e : named) {
            if (environments.isEmpty()) {
                a.problem("environments", "names '" + e + "', but the config has no environments section");
            } else if (!environments.contains(e)) {
                a.problem("environments", "no environment '" + e + "' (known: "
                        + String.join(", ", environments.stream().sorted().toList()) + ")");
            }
        }
        return named;
    }

    private TableScopeConfig tables(YamlMapping t) {
        Optional<YamlMapping> read = t.section("read", ACCESS_KEYS);
        Optional<YamlMapping> write = t.section("write", ACCESS_KEYS);
        return new TableScopeConfig(patterns(read, "allow"), patterns(read, "deny"), patterns(write, "allow"),
                patterns(write, "deny"));
    }

    private static List<String> patterns(Optional<YamlMapping> access, String key) {
        if (access.isEmpty()) {
            return List.of();
        }
        List<String> patterns = access.get().strings(key).orElse(List.of());
        for (String p : patterns) {
            try {
                TablePattern.parse(p);
            } catch (IllegalArgumentException e) {
                access.get().problem(key, e.getMessage());
            }
        }
        return patterns;
    }

    static String agentName(String text) {
        if (!AgentConfig.NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("must be 1 to 63 characters of a-z, 0-9, _, . and -, starting with"
                    + " a letter or digit (" + AgentConfig.NAME + "), got '" + text + "'");
        }
        return text;
    }
}
