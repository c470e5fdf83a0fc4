package dev.pgguard.proxy.session;

import dev.pgguard.classifier.TableScope;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.proxy.auth.ScramVerifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents that may log in, with their verifiers and modes, as of the configuration in force. A reload swaps
 * the whole table at once; a handshake reads it once, when it needs it. Thread-safe.
 */
public final class AgentDirectory {

    /** An agent as configured, with what is parsed from its entry once per reload rather than per use. */
    private record Entry(AgentConfig config, ScramVerifier verifier, TableScope scope) {
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

    /**
     * The environments in force the agent may connect to; none for a name that is not an agent. An agents file
     * reloaded after a restart-only change of the environments may name one not (yet) in force: it is left out.
     */
    public List<String> environments(String agent) {
        Entry e = entries.get(agent);
        if (e == null) {
            return List.of();
        }
        return e.config().environments().isEmpty() ? environments
                : e.config().environments().stream().filter(environments::contains).toList();
    }

    /** The agent's table scope; {@link TableScope#UNSCOPED} for a name that is not an agent. */
    public TableScope scope(String agent) {
        Entry e = entries.get(agent);
        return e == null ? TableScope.UNSCOPED : e.scope();
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
     * What a new table changed, names sorted.
     *
     * @param revoked agents whose access it took away or changed (removed, or any part of their entry other):
     *                their open sessions must end, since they were let in on the old terms
     */
    public record Change(List<String> added, List<String> revoked) {
        public boolean any() {
            return !added.isEmpty() || !revoked.isEmpty();
        }
    }

    /** Puts a new table in force. */
    public Change replace(List<AgentConfig> agents) {
        Map<String, Entry> next = table(agents);
        Map<String, Entry> previous = entries;
        entries = next;
        List<String> revoked = previous.keySet().stream().filter(name -> next.get(name) == null
                || !next.get(name).config().equals(previous.get(name).config())).sorted().toList();
        List<String> added = next.keySet().stream().filter(name -> !previous.containsKey(name)).sorted().toList();
        return new Change(added, revoked);
    }

    private static Map<String, Entry> table(List<AgentConfig> agents) {
        Map<String, Entry> table = new HashMap<>();
        for (AgentConfig a : agents) {
            table.put(a.name(), new Entry(a, ScramVerifier.parse(a.passwordVerifier()), TableScope.of(a.tables())));
        }
        return Map.copyOf(table);
    }
}
