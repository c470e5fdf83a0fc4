package dev.pgguard.proxy.session;

import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The agents that may log in, with their verifiers and modes, as of the configuration in force. A reload swaps
 * the whole table at once; a handshake reads it once, when it needs it. Thread-safe.
 */
public final class AgentDirectory {

    private record Entry(AgentConfig config, ScramVerifier verifier) {
    }

    private volatile Map<String, Entry> entries;
    /** The environments in force (restart-only): what an agent that names none may reach. */
    private final List<String> environments;

    public AgentDirectory(List<AgentConfig> agents, List<String> environments) {
        this.entries = table(agents);
        this.environments = List.copyOf(environments);
    }

    /** The agent's entry as configured; empty for a name that is not (or no longer) an agent. */
    public Optional<AgentConfig> agent(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.config());
    }

    /** The environments the agent may connect to; none for a name that is not an agent. */
    public List<String> environments(String agent) {
        Entry e = entries.get(agent);
        if (e == null) {
            return List.of();
        }
        return e.config().environments().isEmpty() ? environments : e.config().environments();
    }

    /** The agent's verifier, or null for a name that is not an agent. */
    ScramVerifier verifier(String agent) {
        Entry e = entries.get(agent);
        return e == null ? null : e.verifier();
    }

    /** The agent's mode; read-only for a name that is not (or no longer) an agent. */
    public AgentMode mode(String agent) {
        Entry e = entries.get(agent);
        return e == null ? AgentMode.READ_ONLY : e.config().mode();
    }

    /**
     * Puts a new table in force and returns the agents whose access it takes away or changes (removed, another
     * verifier, another mode): their open sessions must end, since they were let in on the old terms.
     */
    public Set<String> replace(List<AgentConfig> agents) {
        Map<String, Entry> next = table(agents);
        Map<String, Entry> previous = entries;
        entries = next;
        Set<String> changed = new HashSet<>();
        previous.forEach((name, old) -> {
            Entry now = next.get(name);
            if (now == null || !Objects.equals(now.config(), old.config())) {
                changed.add(name);
            }
        });
        return changed;
    }

    private static Map<String, Entry> table(List<AgentConfig> agents) {
        Map<String, Entry> table = new HashMap<>();
        for (AgentConfig a : agents) {
            table.put(a.name(), new Entry(a, ScramVerifier.parse(a.passwordVerifier())));
        }
        return Map.copyOf(table);
    }
}
