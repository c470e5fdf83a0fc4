package dev.pgguard.proxy.access;

import dev.pgguard.classifier.ClassifiedStatement;
import dev.pgguard.classifier.Classification;
import dev.pgguard.classifier.TableScope;
import dev.pgguard.config.AgentConfig;
import dev.pgguard.config.AgentMode;
import dev.pgguard.config.TableScopeConfig;
import dev.pgguard.proxy.protocol.ClientErrors;
import dev.pgguard.proxy.protocol.PgError;
import dev.pgguard.proxy.session.AgentDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an agent may run, before any hold rule is asked: its table scope, then its mode — a read-only agent's
 * writes pass only under a live grant that covers every table they write. Read per statement, so that a
 * grant's start and end count at once.
 */
public final class AgentAccess {

    private final AgentDirectory agents;
    private final Grants grants;
    /** Scopes parsed once per pattern list (the config's and each grant's). */
    private final Map<List<String>, TableScope> scopes = new ConcurrentHashMap<>();

    public AgentAccess(AgentDirectory agents, Grants grants) {
        this.agents = agents;
        this.grants = grants;
    }

    /** Why {@code agent} may not run {@code c}; empty when it may (the hold rules still apply). */
    public Optional<PgError> refusal(String agent, Classification c, String sql) {
        Optional<AgentConfig> config = agents.agent(agent);
        if (config.isPresent() && config.get().tables().scoped()) {
            Optional<String> outside = scope(config.get().tables()).violation(c);
            if (outside.isPresent()) {
                return Optional.of(ClientErrors.outsideTableScope(agent, outside.get()));
            }
        }
        boolean readOnly = config.map(a -> a.mode() == AgentMode.READ_ONLY).orElse(true);
        if (!readOnly || !c.canWrite()) {
            return Optional.empty();
        }
        List<Grant> live = grants.of(agent);
        if (live.stream().anyMatch(g -> covers(g, c))) {
            return Optional.empty();
        }
        String writing = c.statements().stream().filter(ClassifiedStatement::canWrite).findFirst()
                .map(ClassifiedStatement::sql).orElse(sql);
        return Optional.of(live.isEmpty() ? ClientErrors.readOnlyAgent(agent, writing)
                : ClientErrors.outsideGrant(agent, writing, live.stream().flatMap(g -> g.tables().stream()).toList()));
    }

    /** A grant with no tables covers every write; otherwise each table written must match one of its patterns. */
    private boolean covers(Grant g, Classification c) {
        if (g.tables().isEmpty()) {
            return true;
        }
        TableScope writable = scopes.computeIfAbsent(List.of("grant", String.join("\n", g.tables())),
                k -> TableScope.of(List.of(), List.of(), g.tables(), List.of()));
        return writable.violation(c).isEmpty();
    }

    private TableScope scope(TableScopeConfig t) {
        return scopes.computeIfAbsent(List.of("scope", String.join("\n", t.readAllow()), String.join("\n", t.readDeny()),
                String.join("\n", t.writeAllow()), String.join("\n", t.writeDeny())),
                k -> TableScope.of(t.readAllow(), t.readDeny(), t.writeAllow(), t.writeDeny()));
    }

    /** The agent's own rules (rule id → action), over its environment's. */
    public Map<String, String> rules(String agent) {
        return agents.agent(agent).map(AgentConfig::rules).orElse(Map.of());
    }

    /** Whether the agent's tables are limited (agents[].tables). */
    public boolean scoped(String agent) {
        return agents.agent(agent).map(a -> a.tables().scoped()).orElse(false);
    }

    /**
     * Whether the agent's sessions open upstream read-only ({@code default_transaction_read_only}): a read-only
     * agent without a live grant. Sessions restart when a grant starts or ends.
     */
    public boolean opensReadOnly(String agent) {
        return agents.mode(agent) == AgentMode.READ_ONLY && !grants.any(agent);
    }
}
